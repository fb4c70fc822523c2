package dev.berth.api.tools;

import java.util.List;
import java.util.concurrent.CompletionStage;

/** The docker CLI, its Compose and buildx plugins and credential helpers, installed into Berth's home. */
public interface HostToolset {
    /** Completes once the tools are in place (at once when they already were), or exceptionally with why not. */
    CompletionStage<List<HostTool>> installed();
}
