package io.ordo.deploy.launch;

import com.typesafe.config.Config;
import io.ordo.actors.cluster.ArteryTls;
import io.ordo.deploy.JobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster TLS of {@code ordo launch}, from {@code ordo.job} keys ({@code --tls} and friends on
 * the command line, a {@code --config} file or {@code -D}): {@value #KEY_STORE} (this node's key;
 * blank = plain TCP), {@value #TRUST_STORE} (blank = the key store) and {@value #PASSWORD_FILE}
 * (a file whose first line is the password; blank = the {@value ArteryTls#PASSWORD_ENV}
 * environment variable). The password itself is never a key or an option, so it stays out of
 * command lines, process lists and the rendered run config; standalone nodes inherit the
 * environment and get the key paths as options.
 */
final class LaunchTls {
    /** {@code ordo.job} key of the key store. */
    static final String KEY_STORE = "tls.key-store";
    /** {@code ordo.job} key of the trust store. */
    static final String TRUST_STORE = "tls.trust-store";
    /** {@code ordo.job} key of the password file. */
    static final String PASSWORD_FILE = "tls.password-file";

    private LaunchTls() {
    }

    /**
     * @param root the resolved configuration
     * @param env  the environment (for {@value ArteryTls#PASSWORD_ENV})
     * @return the checked TLS settings, or empty for plain TCP
     * @throws IllegalArgumentException a one-line message naming the file or key and the fix
     */
    static Optional<ArteryTls> resolve(Config root, Map<String, String> env) {
        Config job = root.getConfig(JobConfig.PREFIX);
        String keyStore = job.getString(KEY_STORE).trim();
        String trustStore = job.getString(TRUST_STORE).trim();
        String passwordFile = job.getString(PASSWORD_FILE).trim();
        if (keyStore.isEmpty()) {
            for (String key : List.of(TRUST_STORE, PASSWORD_FILE)) {
                if (!job.getString(key).isBlank()) {
                    throw new IllegalArgumentException(JobConfig.PREFIX + "." + key + " is set without a key store; "
                            + "add --tls KEYSTORE (" + JobConfig.PREFIX + "." + KEY_STORE + ")");
                }
            }
            return Optional.empty();
        }
        String password = passwordFile.isEmpty() ? env.get(ArteryTls.PASSWORD_ENV) : readPassword(Path.of(passwordFile));
        return Optional.of(ArteryTls.open(Path.of(keyStore), Path.of(trustStore.isEmpty() ? keyStore : trustStore),
                password));
    }

    private static String readPassword(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.get(0).isEmpty()) {
                throw new IllegalArgumentException("TLS password file " + file + " is empty; put the key store's "
                        + "password on its first line");
            }
            return lines.get(0);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read TLS password file " + file + " (" + e + "); fix "
                    + "--tls-password-file or set " + ArteryTls.PASSWORD_ENV + " instead", e);
        }
    }
}
