package dev.berth.engine.internal;

import dev.berth.api.files.FileShares;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** Checks container creation: mounts against the file shares, and the host's names for containers. */
@Component(service = RequestInterceptor.class)
public final class CreateComponent implements RequestInterceptor {
    /** The address of the host as containers see it through the VM's user-mode network. */
    static final String HOST_ADDRESS = "10.0.2.2";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile FileShares shares;

    private final CreateInterceptor create = new CreateInterceptor(() -> Optional.ofNullable(shares), HOST_ADDRESS);

    @Override
    public boolean wants(HttpRequest head) {
        return create.wants(head);
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        return create.inspect(request);
    }
}
