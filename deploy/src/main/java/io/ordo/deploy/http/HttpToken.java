package io.ordo.deploy.http;

import io.ordo.streams.net.BearerToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the HTTP endpoint's bearer token comes from: a value ({@code ordo.job.http.token}), a file
 * that holds it ({@code ordo.job.http.token-file}, {@code --http-token-file}: its content, surrounding
 * white space stripped), or the environment variable {@value #ENV}, in that order of precedence
 * after refusing a value and a file together. No token anywhere: the endpoint is open (it binds
 * 127.0.0.1 by default). A file or the environment keeps the token out of {@code ps} and shell history.
 */
public final class HttpToken {
    /** The environment variable read when no token or token file is configured. */
    public static final String ENV = "ORDO_HTTP_TOKEN";

    private HttpToken() {
    }

    /**
     * @param valueName how the user sets {@code value} (for errors), e.g. {@code ordo.job.http.token}
     * @param value     the token itself, "" for none
     * @param fileName  how the user sets {@code file}, e.g. {@code --http-token-file}
     * @param file      a file holding the token, "" for none
     * @param env       the value of {@value #ENV}, or null
     * @throws IllegalArgumentException naming the setting and what it allows
     */
    public static Optional<BearerToken> resolve(String valueName, String value, String fileName, String file,
                                                String env) {
        if (!value.isEmpty() && !file.isEmpty()) {
            throw new IllegalArgumentException(valueName + " and " + fileName + " are both set; allowed: one of them");
        }
        if (!file.isEmpty()) {
            return Optional.of(parse(fileName + " = " + file, read(fileName, Path.of(file))));
        }
        if (!value.isEmpty()) {
            return Optional.of(parse(valueName, value));
        }
        if (env != null && !env.isEmpty()) {
            return Optional.of(parse(ENV, env.strip()));
        }
        return Optional.empty();
    }

    private static String read(String fileName, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(fileName + " = " + file + " is not a file; allowed: a readable file "
                    + "that holds the token");
        }
        try {
            String token = Files.readString(file).strip();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(fileName + " = " + file + " is empty; allowed: a file that holds "
                        + "the token");
            }
            return token;
        } catch (IOException e) {
            throw new IllegalArgumentException(fileName + " = " + file + " cannot be read (" + e + "); allowed: a "
                    + "readable file that holds the token");
        }
    }

    private static BearerToken parse(String where, String token) {
        try {
            return BearerToken.of(token).orElseThrow();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage() + "; allowed: one word of printable "
                    + "characters, e.g. from openssl rand -hex 32");
        }
    }
}
