package dev.berth.engine.internal;

import dev.berth.engine.intercept.RequestInterceptor;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.service.component.annotations.Component;

/** Gives new containers the host's names. */
@Component(service = RequestInterceptor.class)
public final class CreateComponent implements RequestInterceptor {
    /** The address of the host as containers see it through the VM's user-mode network. */
    static final String HOST_ADDRESS = "10.0.2.2";

    private final CreateInterceptor create = new CreateInterceptor(HOST_ADDRESS);

    @Override
    public boolean wants(HttpRequest head) {
        return create.wants(head);
    }

    @Override
    public CompletionStage<Optional<FullHttpResponse>> inspect(FullHttpRequest request) {
        return create.inspect(request);
    }
}
