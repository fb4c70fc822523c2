package dev.berth.extensions.internal;

import dev.berth.api.extension.SettingsField;
import dev.berth.api.extension.SettingsSection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** Reads the settings sections one bundle describes with Metatype: its object class definitions for {@code berth.*}. */
final class MetaTypeSections {
    static final String PREFIX = "berth.";

    private MetaTypeSections() {
    }

    /** The bundle's sections, by the order of its pids. */
    static List<SettingsSection> of(MetaTypeService metatype, Bundle bundle) {
        List<SettingsSection> sections = new ArrayList<>();
        MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
        if (info == null) return sections;
        for (String pid : info.getPids()) {
            if (!pid.startsWith(PREFIX) || pid.length() == PREFIX.length()) continue;
            ObjectClassDefinition ocd = ocd(info, pid).orElse(null);
            if (ocd == null) continue;
            List<SettingsField> fields = new ArrayList<>();
            AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            for (AttributeDefinition ad : ads == null ? new AttributeDefinition[0] : ads) fields.add(field(ad));
            sections.add(new SettingsSection(pid.substring(PREFIX.length()), text(ocd.getName(), pid), text(ocd.getDescription(), ""),
                    bundle.getSymbolicName(), fields));
        }
        return sections;
    }

    /** The attribute definition of {@code name} in the bundle's section, when it has one. */
    static Optional<AttributeDefinition> attribute(MetaTypeService metatype, Bundle bundle, String section, String name) {
        MetaTypeInformation info = metatype.getMetaTypeInformation(bundle);
        if (info == null) return Optional.empty();
        return ocd(info, PREFIX + section).flatMap(ocd -> {
            AttributeDefinition[] ads = ocd.getAttributeDefinitions(ObjectClassDefinition.ALL);
            return ads == null ? Optional.empty() : List.of(ads).stream().filter(a -> a.getID().equals(name)).findFirst();
        });
    }

    private static Optional<ObjectClassDefinition> ocd(MetaTypeInformation info, String pid) {
        if (!List.of(info.getPids()).contains(pid)) return Optional.empty();
        try {
            return Optional.ofNullable(info.getObjectClassDefinition(pid, null));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** One attribute as the dashboard shows it. */
    static SettingsField field(AttributeDefinition ad) {
        String type = switch (ad.getType()) {
            case AttributeDefinition.BOOLEAN -> "boolean";
            case AttributeDefinition.INTEGER, AttributeDefinition.LONG, AttributeDefinition.SHORT, AttributeDefinition.BYTE -> "integer";
            case AttributeDefinition.FLOAT, AttributeDefinition.DOUBLE -> "decimal";
            case AttributeDefinition.PASSWORD -> "password";
            default -> "string";
        };
        List<SettingsField.Option> options = new ArrayList<>();
        String[] values = ad.getOptionValues();
        String[] labels = ad.getOptionLabels();
        if (values != null) {
            for (int i = 0; i < values.length; i++) {
                options.add(new SettingsField.Option(values[i], labels != null && i < labels.length ? labels[i] : values[i]));
            }
        }
        String[] defaults = ad.getDefaultValue();
        return new SettingsField(ad.getID(), text(ad.getName(), ad.getID()), text(ad.getDescription(), ""), type,
                ad.getCardinality() != 0, defaults == null ? List.of() : List.of(defaults), options);
    }

    private static String text(String s, String fallback) {
        return s == null || s.isBlank() ? fallback : s;
    }
}
