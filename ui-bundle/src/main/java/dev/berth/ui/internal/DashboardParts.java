package dev.berth.ui.internal;

import dev.berth.api.daemon.Diagnostics;
import dev.berth.api.extension.DockerExtensions;
import dev.berth.api.extension.Extensions;
import dev.berth.ui.internal.web.AccessToken;
import dev.berth.ui.internal.web.LoginCodes;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.osgi.service.log.Logger;

/**
 * What the dashboard component keeps across servers, which each {@link DashboardServer} it opens is built from.
 *
 * @param backends         the component's services
 * @param changed          tells open pages that a subsystem changed
 * @param log              the component's logger
 * @param diagnostics      the platform's diagnostics zip
 * @param token            the access token
 * @param codes            the one-time login codes
 * @param worker           the API's threads
 * @param tabs             the extension bundles' tabs
 * @param installed        the installed extension bundles, while their service is there
 * @param dockerExtensions the Docker Desktop-format extensions, while their service is there
 */
record DashboardParts(Backends backends, Runnable changed, Logger log, Diagnostics diagnostics, AccessToken token,
                      LoginCodes codes, ExecutorService worker, ExtensionTabs tabs,
                      Supplier<Optional<Extensions>> installed, Supplier<Optional<DockerExtensions>> dockerExtensions) {
}
