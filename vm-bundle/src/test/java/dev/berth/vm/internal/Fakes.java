package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.settings.Settings;
import dev.berth.vm.internal.image.ImageBuilder;
import dev.berth.vm.internal.spec.SpecSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.osgi.service.log.Logger;

/** Stand-ins for the services the VM bundle's classes use, as dynamic proxies, and a home with a built image. */
final class Fakes {
    private Fakes() {
    }

    /** Answers a call to a proxy by the method's name. */
    interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    /** An implementation of {@code type} whose methods {@code answer} gives; false where a boolean is due. */
    @SuppressWarnings("unchecked")
    static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) ->
                switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> type.getSimpleName();
                    default -> {
                        Object value = answer.answer(method.getName(), args);
                        yield value == null && method.getReturnType() == boolean.class ? false : value;
                    }
                });
    }

    /** The VM's settings: the defaults but for {@code values}. */
    static VmConfig config(Map<String, Object> values) {
        return proxy(VmConfig.class, (name, args) -> values.containsKey(name) ? values.get(name)
                : VmConfig.class.getMethod(name).getDefaultValue());
    }

    static Logger log() {
        return proxy(Logger.class, (name, args) -> null);
    }

    static Daemon daemon(Path home) {
        return proxy(Daemon.class, (name, args) -> name.equals("home") ? home : null);
    }

    /** No guest contributions, in a framework of no bundles. */
    static dev.berth.vm.internal.guest.GuestContributions contributions() {
        return new dev.berth.vm.internal.guest.GuestContributions(proxy(org.osgi.framework.BundleContext.class,
                (name, args) -> name.equals("getBundles") ? new org.osgi.framework.Bundle[0] : null), log());
    }

    static Settings settings() {
        return proxy(Settings.class, (name, args) -> name.equals("current") ? Map.of() : null);
    }

    /** Makes {@code home} hold a built image of the bundled spec and a data disk of {@code diskGiB}. */
    static void builtHome(VmFiles files, int diskGiB) throws IOException {
        Path image = Files.createDirectories(files.images().resolve(SpecSource.bundled().hash(ImageBuilder.VERSION)));
        Files.writeString(image.resolve("manifest.json"), "{\"hash\": \"test\", \"kernelRelease\": \"6.1\"}");
        Files.createDirectories(files.dataDisk().getParent());
        try (RandomAccessFile disk = new RandomAccessFile(files.dataDisk().toFile(), "rw")) {
            disk.setLength((long) diskGiB << 30);
        }
    }
}
