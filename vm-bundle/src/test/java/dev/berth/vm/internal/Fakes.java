package dev.berth.vm.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.settings.Settings;
import dev.berth.api.image.GuestImageBuilder;
import dev.berth.api.vm.ImageArtifacts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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

    /** An image builder that has built one image in {@code files}' images folder, and builds nothing else. */
    static GuestImageBuilder builder(VmFiles files) {
        Path image = files.images().resolve("test");
        ImageArtifacts built = new ImageArtifacts("test", "6.1", image.resolve("vmlinuz"), image.resolve("initrd.img"),
                image.resolve("system.img"), "console=ttyS0");
        return proxy(GuestImageBuilder.class, (name, args) -> switch (name) {
            case "cached" -> Optional.of(built);
            case "build" -> built;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    /** The image service of {@code files}' home with the {@link #builder} that has built one image. */
    static ImageService images(VmFiles files, VmConfig config) {
        return new ImageService(daemon(files.home()), log(), config, contributions(), builder(files));
    }

    /** Makes {@code home} hold a data disk of {@code diskGiB}, beside the image the {@link #builder} has built. */
    static void builtHome(VmFiles files, int diskGiB) throws IOException {
        Files.createDirectories(files.dataDisk().getParent());
        try (RandomAccessFile disk = new RandomAccessFile(files.dataDisk().toFile(), "rw")) {
            disk.setLength((long) diskGiB << 30);
        }
    }
}
