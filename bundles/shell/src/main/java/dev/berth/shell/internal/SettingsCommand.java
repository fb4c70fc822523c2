package dev.berth.shell.internal;

import dev.berth.api.settings.Settings;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code berth:settings} command: shows and changes settings.json. */
@Component(service = SettingsCommand.class, property = {
        "osgi.command.scope=berth", "osgi.command.function=settings"})
public final class SettingsCommand {
    private final Settings settings;

    /** Uses the daemon's settings store. */
    @Activate
    public SettingsCommand(@Reference Settings settings) {
        this.settings = settings;
    }

    /** Lists every setting in force. */
    @Descriptor("list the settings in force, and any problem with the settings file")
    public String settings() {
        StringBuilder b = new StringBuilder("# ").append(settings.file()).append('\n');
        settings.problem().ifPresent(p -> b.append("# NOT APPLIED: ").append(p.describe())
                .append("; the last good settings stay in force\n"));
        for (Map.Entry<String, Map<String, Object>> section : settings.current().entrySet()) {
            for (Map.Entry<String, Object> value : section.getValue().entrySet()) {
                b.append(section.getKey()).append('.').append(value.getKey()).append(" = ")
                        .append(SettingValues.format(value.getValue())).append('\n');
            }
        }
        return b.toString().stripTrailing();
    }

    /** Shows one setting. */
    @Descriptor("show one setting, such as vm.cpus")
    public String settings(@Descriptor("section.name") String key) {
        int dot = key.indexOf('.');
        Map<String, Object> section = dot > 0 ? settings.current().get(key.substring(0, dot)) : null;
        Object value = section == null ? null : section.get(key.substring(dot + 1));
        return value == null ? key + " is not set (its default applies)" : SettingValues.format(value);
    }

    /** Sets or removes one setting. */
    @Descriptor("set one setting (or remove it with --unset), writing settings.json")
    public String settings(
            @Descriptor("remove the setting so its default applies")
            @Parameter(names = "--unset", absentValue = "false", presentValue = "true") boolean unset,
            @Descriptor("section.name") String key,
            @Descriptor("new value: a number, true/false, a [list] or text") String... value) throws IOException {
        if (unset) {
            settings.unset(key);
            return key + " removed; its default applies";
        }
        if (value.length == 0) return settings(key);
        Object parsed = SettingValues.parse(String.join(" ", Arrays.asList(value)));
        settings.set(key, parsed);
        return settings.problem().map(p -> "written, but not applied: " + p.describe())
                .orElse(key + " = " + SettingValues.format(parsed));
    }
}
