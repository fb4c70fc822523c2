package dev.berth.example.diskusage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The extension's settings: section {@code diskUsage} of settings.json (ConfigAdmin pid {@code berth.diskUsage}). */
@ObjectClassDefinition(name = "Disk usage", description = "The disk usage example extension")
public @interface DiskUsageConfig {
    /** How many of the largest images the tab and the command list. */
    @AttributeDefinition(description = "How many of the largest images to list")
    int topImages() default 5;
}
