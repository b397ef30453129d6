package org.sportsdb.stack.ops.console;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;

/** Checks HTTP basic credentials on the management server against {@link JolokiaCredentials} (no file on disk). */
final class JolokiaAuthenticationProvider implements AuthenticationProvider {

    private final JolokiaCredentials credentials;

    JolokiaAuthenticationProvider(JolokiaCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public void authenticate(JsonObject json, Handler<AsyncResult<User>> resultHandler) {
        UsernamePasswordCredentials given = new UsernamePasswordCredentials(json);
        resultHandler.handle(credentials.matches(given.getUsername(), given.getPassword())
                ? Future.succeededFuture(User.fromName(given.getUsername()))
                : Future.failedFuture("invalid Jolokia credentials"));
    }
}
