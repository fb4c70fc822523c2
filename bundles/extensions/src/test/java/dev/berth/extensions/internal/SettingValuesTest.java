package dev.berth.extensions.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.berth.api.extension.SettingsField;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingValuesTest {
    private static SettingsField field(String type, boolean multiple, SettingsField.Option... options) {
        return new SettingsField("n", "Top images", "", type, multiple, List.of(), List.of(options));
    }

    @Test
    void wholeNumbersComeAsNumbersOrText() {
        assertEquals(3, SettingValues.convert(field("integer", false), 3));
        assertEquals(3, SettingValues.convert(field("integer", false), " 3 "));
        assertEquals(5_000_000_000L, SettingValues.convert(field("integer", false), "5000000000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SettingValues.convert(field("integer", false), "three"));
        assertEquals("Top images must be a whole number, not 'three'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SettingValues.convert(field("integer", false), 2.5));
    }

    @Test
    void booleansDecimalsAndText() {
        assertEquals(true, SettingValues.convert(field("boolean", false), "TRUE"));
        assertEquals(false, SettingValues.convert(field("boolean", false), false));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.convert(field("boolean", false), "yes"));
        assertEquals(2.5, SettingValues.convert(field("decimal", false), "2.5"));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.convert(field("decimal", false), "NaN"));
        assertEquals("a, b", SettingValues.convert(field("string", false), "a, b"));
    }

    @Test
    void severalValuesAreAList() {
        assertEquals(List.of(1, 2), SettingValues.convert(field("integer", true), "1, 2,"));
        assertEquals(List.of("x", "y"), SettingValues.convert(field("string", true), List.of("x", "y")));
        assertThrows(IllegalArgumentException.class, () -> SettingValues.convert(field("string", false), List.of("x")));
    }

    @Test
    void onlyTheOptionsAreAllowedWhenThereAreSome() {
        SettingsField f = field("string", false, new SettingsField.Option("bar", "Bars"), new SettingsField.Option("pie", "Pie"));
        assertEquals("pie", SettingValues.convert(f, "pie"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SettingValues.convert(f, "line"));
        assertEquals("Top images is one of bar, pie, not 'line'", e.getMessage());
    }
}
