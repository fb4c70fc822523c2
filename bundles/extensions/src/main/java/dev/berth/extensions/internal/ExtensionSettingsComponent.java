package dev.berth.extensions.internal;

import dev.berth.api.extension.ExtensionSettings;
import dev.berth.api.extension.Extensions;
import dev.berth.api.extension.SettingsField;
import dev.berth.api.extension.SettingsSection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The settings sections of the running extension bundles, read from the Metatype they carry, so that the
 * dashboard's settings page shows and checks them; Berth's own bundles' sections are left out (the page has its own).
 */
@Component(service = ExtensionSettings.class)
public final class ExtensionSettingsComponent implements ExtensionSettings {
    private final BundleContext context;
    private final Extensions extensions;
    private final MetaTypeService metatype;

    /** Reads the extension bundles in {@code extensions}' folder with the framework's Metatype service. */
    @Activate
    public ExtensionSettingsComponent(BundleContext context, @Reference Extensions extensions, @Reference MetaTypeService metatype) {
        this.context = context;
        this.extensions = extensions;
        this.metatype = metatype;
    }

    @Override
    public List<SettingsSection> sections() {
        List<SettingsSection> all = new ArrayList<>();
        Set<String> berths = berthsOwn();
        for (Bundle b : running()) {
            try {
                for (SettingsSection s : MetaTypeSections.of(metatype, b)) {
                    if (berths.contains(s.section())) continue;
                    if (all.stream().noneMatch(o -> o.section().equals(s.section()))) all.add(s);
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                // uninstalled while we read it, or its metatype does not parse: it has no section to show
            }
        }
        all.sort(Comparator.comparing(SettingsSection::section));
        return all;
    }

    @Override
    public Object convert(String key, Object value) {
        int dot = key.indexOf('.');
        if (dot <= 0 || dot == key.length() - 1) throw new IllegalArgumentException("'" + key + "' is no setting: use section.name");
        String section = key.substring(0, dot);
        String name = key.substring(dot + 1);
        if (berthsOwn().contains(section)) {
            throw new IllegalArgumentException("'" + section + "' is a section of Berth's own settings, not an extension's");
        }
        for (Bundle b : running()) {
            AttributeDefinition ad = MetaTypeSections.attribute(metatype, b, section, name).orElse(null);
            if (ad == null) continue;
            SettingsField field = MetaTypeSections.field(ad);
            Object converted = SettingValues.convert(field, value);
            // the definition's own check too, where the Metatype implementation has one
            for (Object one : converted instanceof List<?> list ? list : List.of(converted)) {
                String problem = ad.validate(String.valueOf(one));
                if (problem != null && !problem.isEmpty()) throw new IllegalArgumentException(field.label() + ": " + problem);
            }
            return converted;
        }
        throw new IllegalArgumentException("no running extension has the setting '" + key + "'; berth settings " + key
                + " VALUE writes it anyway");
    }

    /**
     * The sections Berth's own bundles describe: an extension that designates one of them is not shown for it, so
     * that the page never edits Berth's settings with an extension's rules.
     */
    private Set<String> berthsOwn() {
        Set<String> own = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (ExtensionsComponent.fileIn(extensions.folder(), b.getLocation()) != null) continue;
            try {
                MetaTypeInformation info = metatype.getMetaTypeInformation(b);
                if (info == null) continue;
                for (String pid : info.getPids()) {
                    if (pid.startsWith(MetaTypeSections.PREFIX)) own.add(pid.substring(MetaTypeSections.PREFIX.length()));
                }
            } catch (IllegalStateException | IllegalArgumentException e) {
                // uninstalled while we read it, or its metatype does not parse: it describes nothing
            }
        }
        return own;
    }

    /** The extension bundles that run: only their settings can reach a component now. */
    private List<Bundle> running() {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getState() == Bundle.ACTIVE && ExtensionsComponent.fileIn(extensions.folder(), b.getLocation()) != null) out.add(b);
        }
        return out;
    }
}
