package dev.berth.platform.itest.ext;

import dev.berth.api.extension.DashboardTab;
import dev.berth.api.extension.TabRequest;
import dev.berth.api.extension.TabResponse;
import java.util.Map;
import java.util.Optional;

/**
 * An extension with settings: a DS component (declared by hand in the built bundle, with the configuration
 * {@code berth.itestConfigured} its Metatype describes) whose tab answers with the greeting in force.
 */
public final class ConfiguredExtension implements DashboardTab {
    private volatile Map<String, Object> config = Map.of();

    /** Called by the component runtime with the configuration. */
    public void activate(Map<String, Object> properties) {
        config = Map.copyOf(properties);
    }

    /** Called by the component runtime when the configuration changes. */
    public void modified(Map<String, Object> properties) {
        config = Map.copyOf(properties);
    }

    @Override
    public String id() {
        return "itest-configured";
    }

    @Override
    public String title() {
        return "Configured";
    }

    @Override
    public Optional<TabResponse> handle(TabRequest request) {
        return Optional.of(TabResponse.text(200, String.valueOf(config.getOrDefault("greeting", "hello"))));
    }
}
