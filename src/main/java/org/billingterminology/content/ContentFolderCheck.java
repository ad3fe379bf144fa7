package org.billingterminology.content;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;

/**
 * Stops the server within its first seconds when the content folder does not exist, instead of
 * after HAPI's whole start-up, when the loader would first look at it: the settings are known as
 * soon as the environment is, before any bean is made.
 */
public final class ContentFolderCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

	@Override
	public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
		Path folder = Binder.get(event.getEnvironment())
			.bind("terminology.content-dir", Path.class)
			.orElse(Path.of("fhir-resources"));
		if (!Files.isDirectory(folder)) {
			throw new IllegalStateException("The content folder " + folder.toAbsolutePath()
					+ " does not exist (terminology.content-dir, TERMINOLOGY_CONTENT_DIR); the server cannot start without it");
		}
	}

}
