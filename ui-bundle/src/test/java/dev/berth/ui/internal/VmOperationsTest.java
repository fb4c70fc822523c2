package dev.berth.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.settings.Settings;
import dev.berth.api.vm.VirtualMachine;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.log.Logger;

/** A factory reset ends the VM without saving it: its disks are about to go, so a saved state would only be discarded. */
class VmOperationsTest {
    @TempDir
    Path home;

    @Test
    void aFactoryResetPowersTheVmOffInsteadOfSavingIt() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        VirtualMachine vm = proxy(VirtualMachine.class, (name, args) -> {
            calls.add(name);
            return null;
        });
        Daemon daemon = proxy(Daemon.class, (name, args) -> name.equals("home") ? home : null);
        Settings settings = proxy(Settings.class, (name, args) -> name.equals("current") ? Map.of() : null);
        Backends backends = proxy(Backends.class, (name, args) -> switch (name) {
            case "vm" -> Optional.of(vm);
            case "daemon" -> daemon;
            case "settings" -> settings;
            default -> null;
        });
        Files.createDirectories(home.resolve("disks"));
        Files.writeString(home.resolve("disks").resolve("data.img"), "images");
        try (VmOperations operations = new VmOperations(backends, () -> { }, proxy(Logger.class, (name, args) -> null))) {
            operations.factoryReset();
            for (int i = 0; i < 2000 && !calls.contains("start"); i++) Thread.sleep(5);
        }
        assertEquals(List.of("powerOff", "start"), calls);
        assertTrue(!Files.exists(home.resolve("disks").resolve("data.img")));
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) ->
                switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> answer.answer(method.getName(), args);
                });
    }
}
