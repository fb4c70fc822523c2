package dev.berth.vm.internal.tools;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The host tools' settings: section {@code tools} of settings.json. */
@ObjectClassDefinition(name = "Berth host tools")
public @interface ToolsConfig {
    /**
     * A folder already on the user's PATH (such as {@code ~/.local/bin}) to link docker, docker-compose and the
     * credential helpers into; empty for none. A file there that Berth did not link is never replaced.
     */
    @AttributeDefinition(description = "Link the tools into this folder on your PATH (empty: none)")
    String linkInto() default "";
}
