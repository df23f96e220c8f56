package io.ordo.deploy.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.OptionalDouble;

/** HTTP GETs against a node's endpoint and sample lookups in Prometheus text, for tests. */
public final class Scrape {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Scrape() {
    }

    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample whose line starts with {@code series} (name, labels, a space). */
    public static OptionalDouble value(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series)) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length()).trim().split(" ")[0]));
            }
        }
        return OptionalDouble.empty();
    }
}
