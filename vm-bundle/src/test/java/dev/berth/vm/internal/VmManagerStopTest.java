package dev.berth.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.hypervisor.Accelerator;
import dev.berth.api.hypervisor.Hypervisor;
import dev.berth.api.hypervisor.MachineSpec;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.State;
import dev.berth.vm.internal.image.ImageBuilder;
import dev.berth.vm.internal.spec.SpecSource;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.service.log.Logger;

/**
 * A stop that arrives while a start waits in the lifecycle's queue wins: the start does not launch a machine, and
 * nothing restarts the VM afterwards. The real VM manager runs against a hypervisor backend that only counts launches.
 */
class VmManagerStopTest {
    @TempDir
    Path home;

    @Test
    void aStopAfterAQueuedStartLeavesTheVmStopped() throws Exception {
        CountDownLatch reattaching = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger launches = new AtomicInteger();
        // a machine record makes the manager's first step, the reattach, ask the backend, which holds the
        // lifecycle thread there until the test has queued its start and asked for the stop
        VmFiles files = new VmFiles(home);
        Files.createDirectories(files.runDir());
        new MachineRecord(new MachineSpec("berth", home.resolve("vmlinuz"), List.of(), "", 1, 256, List.of(), List.of(),
                List.of(), List.of(), files.runDir(), files.consoleLog(), null), 0, "none").write(files.machineFile());
        // a cached image and a data disk of the wanted size: a start that runs gets as far as the backend's launch
        Path image = Files.createDirectories(files.images().resolve(SpecSource.bundled().hash(ImageBuilder.VERSION)));
        Files.writeString(image.resolve("manifest.json"), "{\"hash\": \"test\", \"kernelRelease\": \"6.1\"}");
        Files.createDirectories(files.dataDisk().getParent());
        try (RandomAccessFile disk = new RandomAccessFile(files.dataDisk().toFile(), "rw")) {
            disk.setLength(1L << 30);
        }
        HypervisorChoice hypervisors = new HypervisorChoice();
        hypervisors.addHypervisor(proxy(Hypervisor.class, (name, args) -> switch (name) {
            case "name" -> "fake";
            case "accelerator" -> Accelerator.TCG;
            case "unavailableReason" -> Optional.empty();
            case "available" -> true;
            case "reattach" -> {
                reattaching.countDown();
                release.await();
                yield Optional.empty();
            }
            case "launch", "restore" -> {
                launches.incrementAndGet();
                throw new IOException("this backend launches nothing");
            }
            default -> null;
        }), Map.of());
        VmManager vm = manager(hypervisors);
        try {
            assertTrue(reattaching.await(10, TimeUnit.SECONDS));
            AtomicReference<Throwable> startOutcome = new AtomicReference<>();
            Thread starter = Thread.ofPlatform().start(() -> {
                try {
                    vm.start((phase, fraction, detail) -> { });
                } catch (IOException e) {
                    startOutcome.set(e);
                }
            });
            awaitWaiting(starter);
            Thread stopper = Thread.ofPlatform().start(() -> vm.stop(Duration.ofSeconds(5)));
            release.countDown();
            stopper.join(Duration.ofSeconds(30));
            starter.join(Duration.ofSeconds(30));
            assertEquals(State.STOPPED, vm.state(), vm.status().detail());
            assertEquals(0, launches.get(), "the start queued before the stop launched a machine");
            assertTrue(startOutcome.get() instanceof IOException, "the waiting start learns that it was stopped");
            // whatever the lifecycle thread still had queued has run once a step queued now has run
            vm.stop(Duration.ofSeconds(5));
            assertEquals(State.STOPPED, vm.state());
            assertEquals(0, launches.get());
        } finally {
            release.countDown();
            vm.deactivate();
        }
    }

    private VmManager manager(HypervisorChoice hypervisors) {
        Daemon daemon = proxy(Daemon.class, (name, args) -> name.equals("home") ? home : null);
        Settings settings = proxy(Settings.class, (name, args) -> name.equals("current") ? Map.of() : null);
        VmConfig config = proxy(VmConfig.class, (name, args) -> switch (name) {
            case "diskGiB" -> 1;
            case "saveState" -> false;
            default -> {
                try {
                    yield VmConfig.class.getMethod(name).getDefaultValue();
                } catch (NoSuchMethodException e) {
                    yield null;
                }
            }
        });
        Logger log = proxy(Logger.class, (name, args) -> null);
        BundleContext context = proxy(BundleContext.class, (name, args) -> null);
        ImageService images = new ImageService(daemon, log, config);
        return new VmManager(daemon, images, hypervisors, new VmState(), log, config, context, settings, Map.of());
    }

    /** Waits until {@code thread} blocks: the start it runs is queued and it waits for the outcome. */
    private static void awaitWaiting(Thread thread) throws InterruptedException {
        for (int i = 0; i < 2000 && thread.getState() != Thread.State.WAITING; i++) Thread.sleep(5);
        assertEquals(Thread.State.WAITING, thread.getState());
    }

    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == args[0];
            case "toString" -> type.getSimpleName();
            default -> {
                Object value = answer.answer(method.getName(), args);
                yield value == null && method.getReturnType() == boolean.class ? false : value;
            }
        });
    }
}
