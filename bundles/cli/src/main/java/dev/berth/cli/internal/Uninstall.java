package dev.berth.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code berth uninstall}: says how to remove the program and what stays; with {@code --purge-data} it lists what
 * Berth created for this user with sizes, asks (unless {@code --yes}), stops this user's Berth and removes them.
 */
final class Uninstall {
    /** Stops this user's daemon and VM before their files go. */
    interface Stopper {
        void stop() throws IOException;
    }

    private final BerthData data;
    private final Installation installation;
    private final PrintStream out;
    private final PrintStream err;
    private final Supplier<Optional<String>> answer;
    private final Stopper stopper;

    /**
     * @param answer the user's answer to the question, empty when nobody can answer (no terminal)
     */
    Uninstall(BerthData data, Installation installation, PrintStream out, PrintStream err,
              Supplier<Optional<String>> answer, Stopper stopper) {
        this.data = data;
        this.installation = installation;
        this.out = out;
        this.err = err;
        this.answer = answer;
        this.stopper = stopper;
    }

    /** Runs {@code berth uninstall ARGS}; returns the exit code. */
    int run(List<String> args) throws IOException {
        for (String arg : args) {
            if (!List.of("--purge-data", "--yes", "-y").contains(arg)) {
                err.println("berth uninstall: unknown option " + arg + " (usage: berth uninstall [--purge-data [--yes]])");
                return 2;
            }
        }
        return args.contains("--purge-data") ? purge(args.contains("--yes") || args.contains("-y")) : explain();
    }

    private int explain() throws IOException {
        switch (installation.kind()) {
            case PACKAGE -> {
                out.println("Berth is installed as a package (" + installation.describe() + "). Remove it with:");
                out.println("  sudo apt-get remove berth");
                out.println("That removes the program, its links and the login start for every user; it stops nothing.");
            }
            case CHECKOUT -> out.println("This Berth runs from a source checkout (" + installation.describe()
                    + "): there is no package to remove; delete the folder when you no longer need it.");
            case JARS -> out.println("This Berth runs from the jars in " + installation.lib()
                    + ": remove that folder to remove the program.");
        }
        out.println();
        out.println("Your data stays (stop Berth first with: berth stop --restore-context):");
        if (data.refusal(Path.of(System.getProperty("user.home"))).isEmpty()) {
            for (BerthData.Item item : data.items()) print(item);
        } else {
            out.println("  (nothing: there is no Berth data in " + data.home() + ")");
        }
        out.println("To stop Berth and remove that too: berth uninstall --purge-data");
        return 0;
    }

    private int purge(boolean yes) throws IOException {
        Optional<String> refusal = data.refusal(Path.of(System.getProperty("user.home")));
        if (refusal.isPresent()) {
            out.println("Nothing to remove: " + refusal.get());
            return refusal.get().startsWith("there is no Berth data") ? 0 : 1;
        }
        List<BerthData.Item> items = data.items();
        long total = items.stream().mapToLong(BerthData.Item::bytes).sum();
        out.println("berth uninstall --purge-data stops your Berth (its daemon and VM) and removes:");
        items.forEach(this::print);
        out.println("  total " + size(total));
        List<Path> foreign = data.foreign();
        if (!foreign.isEmpty()) {
            out.println("Left alone, because Berth did not create them (so " + data.home() + " stays too): " + foreign);
        }
        if (installation.kind() == Installation.Kind.PACKAGE) {
            out.println("The program itself stays installed (sudo apt-get remove berth removes it).");
        }
        if (!yes) {
            out.print("Remove these? [y/N] ");
            out.flush();
            Optional<String> reply = answer.get();
            if (reply.isEmpty()) {
                out.println();
                err.println("berth uninstall: nobody to ask (no terminal); run it with --yes to remove without asking");
                return 1;
            }
            if (!List.of("y", "yes").contains(reply.get().strip().toLowerCase(Locale.ROOT))) {
                out.println("Nothing was removed.");
                return 1;
            }
        }
        stopper.stop();
        data.remove(items);
        out.println("Removed " + items.size() + " paths, " + size(total) + ".");
        return 0;
    }

    private void print(BerthData.Item item) {
        out.printf("  %10s  %s  (%s)%n", item.bytes() > 0 || !item.what().startsWith("a link") ? size(item.bytes()) : "link",
                item.path(), item.what());
    }

    /** A size for people: bytes, KiB, MiB or GiB with one decimal. */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
