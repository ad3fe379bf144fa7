package org.billingterminology;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.elasticsearch.ElasticsearchRestClientAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

// HAPI brings an Elasticsearch client for its optional full-text index, which this server does not use
@SpringBootApplication(exclude = ElasticsearchRestClientAutoConfiguration.class)
@ConfigurationPropertiesScan
public class BillingTerminologyServer {

	public static void main(String[] args) {
		SpringApplication.run(BillingTerminologyServer.class, args);
	}

}
