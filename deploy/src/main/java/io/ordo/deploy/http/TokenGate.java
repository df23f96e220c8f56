package io.ordo.deploy.http;

import io.ordo.streams.net.BearerToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.Query;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.headers.Cookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookie;
import org.apache.pekko.http.javadsl.model.headers.HttpCookiePair;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.headers.SameSite;
import org.apache.pekko.http.javadsl.model.headers.SetCookie;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The optional bearer token in front of every route of the node's endpoint and of
 * {@code ordo dashboard}. Without a token it lets everything through. With one, a request passes
 * when it carries
 * <ul>
 *   <li>{@code Authorization: Bearer <token>} (Prometheus' {@code authorization: credentials:}, curl), or</li>
 *   <li>the session cookie {@code ordo_session_<fingerprint>} that a browser got by opening any page
 *       with {@code ?token=<token>}: that request is answered {@code 303} to the same address without
 *       the token (so it leaves the address bar) and sets the cookie ({@code HttpOnly},
 *       {@code SameSite=Strict}, path {@code /}); its value is derived from the token (SHA-256), not
 *       the token, and the page's {@code EventSource('events')} sends it like every same-origin request.</li>
 * </ul>
 * Anything else gets {@code 401} with {@code WWW-Authenticate: Bearer}. All comparisons are
 * constant-time ({@link BearerToken}).
 */
public final class TokenGate extends AllDirectives {
    /** The query parameter a browser passes the token in once. */
    public static final String QUERY = "token";
    private static final String SESSION_PURPOSE = "ordo-dashboard-session";
    private final Optional<BearerToken> token;
    private final String cookieName;
    private final String sessionValue;
    private final BearerToken session;

    public TokenGate(Optional<BearerToken> token) {
        this.token = token;
        this.cookieName = token.map(t -> "ordo_session_" + t.fingerprint()).orElse("");
        this.sessionValue = token.map(t -> t.derive(SESSION_PURPOSE)).orElse("");
        this.session = token.flatMap(t -> BearerToken.of(sessionValue)).orElse(null);
    }

    /** The session cookie's name (empty without a token). */
    public String cookieName() {
        return cookieName;
    }

    /** {@code inner}, behind the token when there is one. */
    public Route protect(Route inner) {
        if (token.isEmpty()) {
            return inner;
        }
        BearerToken t = token.get();
        return extractRequest(req -> {
            if (t.admits(req) || hasSession(req)) {
                return inner;
            }
            Optional<String> offered = req.getUri().query().get(QUERY);
            if (offered.isPresent() && t.matches(offered.get()) && req.method().equals(HttpMethods.GET)) {
                return complete(login(req));
            }
            return complete(HttpResponse.create().withStatus(StatusCodes.UNAUTHORIZED)
                    .addHeader(RawHeader.create("WWW-Authenticate", "Bearer realm=\"ordo\""))
                    .addHeader(RawHeader.create("Cache-Control", "no-store"))
                    .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, "401 Unauthorized: this endpoint "
                            + "needs its token: send 'Authorization: Bearer TOKEN', or open /?token=TOKEN in a browser\n")));
        });
    }

    private boolean hasSession(HttpRequest req) {
        for (var h : req.getHeaders()) {
            if (h instanceof Cookie c) {
                for (HttpCookiePair p : c.getCookies()) {
                    if (p.name().equals(cookieName) && session.matches(p.value())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** 303 to the same path and query without the token, setting the session cookie. */
    private HttpResponse login(HttpRequest req) {
        Map<String, String> rest = new LinkedHashMap<>(req.getUri().query().toMap());
        rest.remove(QUERY);
        Uri target = req.getUri().toRelative().query(rest.isEmpty() ? Query.EMPTY : Query.create(rest));
        HttpCookie cookie = HttpCookie.create(cookieName, sessionValue).withPath("/").withHttpOnly(true)
                .withSameSite(SameSite.Strict);
        return HttpResponse.create().withStatus(StatusCodes.SEE_OTHER)
                .addHeader(Location.create(target))
                .addHeader(SetCookie.create(cookie))
                .addHeader(RawHeader.create("Cache-Control", "no-store"))
                .addHeader(RawHeader.create("Referrer-Policy", "no-referrer"));
    }
}
