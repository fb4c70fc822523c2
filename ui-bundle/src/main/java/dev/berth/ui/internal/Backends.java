package dev.berth.ui.internal;

import dev.berth.api.daemon.Daemon;
import dev.berth.api.engine.EngineEndpoint;
import dev.berth.api.extension.DesktopExtension;
import dev.berth.api.extension.ExtensionSettings;
import dev.berth.api.files.FileShares;
import dev.berth.api.settings.Settings;
import dev.berth.api.status.StatusProvider;
import dev.berth.api.vm.VirtualMachine;
import java.util.List;
import java.util.Optional;

/** The Berth services the dashboard shows and drives; the optional ones come and go with their bundles. */
interface Backends {
    /** The running daemon. */
    Daemon daemon();

    /** The settings file. */
    Settings settings();

    /** The VM, when its bundle is active. */
    Optional<VirtualMachine> vm();

    /** The Docker API socket, when its bundle is active. */
    Optional<EngineEndpoint> engine();

    /** The shared folders, when their bundle is active. */
    Optional<FileShares> fileShares();

    /** Every subsystem's status provider. */
    List<StatusProvider> statuses();

    /** The settings sections of extensions, when the extensions bundle and the Metatype service run. */
    Optional<ExtensionSettings> extensionSettings();

    /** Installed extensions. */
    List<DesktopExtension> extensions();
}
