package org.billingterminology;

import org.billingterminology.content.ContentFolderCheck;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// HAPI brings an Elasticsearch client for its optional full-text index, and Flyway for its schema
// migrator; this server uses neither (Flyway would also refuse PostgreSQL without its extra module)
@SpringBootApplication(exclude = { ElasticsearchRestClientAutoConfiguration.class, FlywayAutoConfiguration.class })
@ConfigurationPropertiesScan
public class BillingTerminologyServer {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(BillingTerminologyServer.class);
		application.addListeners(new ContentFolderCheck());
		application.run(args);
	}

}
