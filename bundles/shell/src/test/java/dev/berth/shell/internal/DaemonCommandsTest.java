package dev.berth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.vm.VirtualMachine;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** berth stop leaves the VM the shutdown time the settings give (vm.shutdownSeconds), not a fixed one. */
class DaemonCommandsTest {
    @Test
    void shutdownStopsTheVmWithTheShutdownTimeOfTheSettings() throws Exception {
        List<String> calls = new ArrayList<>();
        VirtualMachine vm = (VirtualMachine) Proxy.newProxyInstance(VirtualMachine.class.getClassLoader(),
                new Class<?>[] {VirtualMachine.class}, (p, method, args) -> {
                    calls.add(method.getName() + (args == null ? "()" : "(" + args.length + " arguments)"));
                    return null;
                });
        Daemon daemon = (Daemon) Proxy.newProxyInstance(Daemon.class.getClassLoader(), new Class<?>[] {Daemon.class},
                (p, method, args) -> method.getName().equals("pid") ? 1L : null);
        DaemonCommands commands = new DaemonCommands(daemon);
        var field = DaemonCommands.class.getDeclaredField("vm");
        field.setAccessible(true);
        field.set(commands, vm);
        commands.shutdown(false);
        // the VM's stop() applies vm.shutdownSeconds; stop(Duration) would be a time chosen here
        assertEquals(List.of("stop()"), calls);
    }
}
