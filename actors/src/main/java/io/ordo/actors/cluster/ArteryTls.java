package io.ordo.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * TLS with mutual authentication for the cluster's Artery transport ({@code tls-tcp}, Pekko's
 * {@code ConfigSSLEngineProvider}): every node presents the key of its key store and accepts only
 * peers whose certificate is in its trust store, in both directions, so a process without a trusted
 * key can neither join the cluster nor send it messages. Host names are not checked (the nodes of a
 * run usually share one cluster certificate); {@value #PROTOCOL} with {@link #ALGORITHMS}.
 *
 * @param keyStore   PKCS12 (or JKS) file with this node's private key and certificate
 * @param trustStore file with the certificates of the nodes to accept (the key store itself when all
 *                   nodes share one certificate)
 * @param password   password of both stores and of the key
 */
public record ArteryTls(Path keyStore, Path trustStore, String password) {
    /** Environment variable the launcher reads the password from. */
    public static final String PASSWORD_ENV = "ORDO_TLS_PASSWORD";
    /** TLS version of the cluster's connections. */
    public static final String PROTOCOL = "TLSv1.3";
    /** Cipher suites of the cluster's connections. */
    public static final List<String> ALGORITHMS = List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256");
    private static final String ENGINE = "pekko.remote.artery.ssl.config-ssl-engine.";

    /**
     * Opens both stores to check them before any node starts.
     *
     * @return the settings, with absolute paths
     * @throws IllegalArgumentException a one-line message naming the file and the fix, when a store is
     *                                  missing, unreadable, not a key store, has another password, or
     *                                  the key store holds no private key (the trust store no certificate)
     */
    public static ArteryTls open(Path keyStore, Path trustStore, String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("no TLS key store password: set " + PASSWORD_ENV
                    + " (or --tls-password-file FILE) to the password of " + keyStore);
        }
        KeyStore keys = load(keyStore, password, "key store");
        try {
            String alias = Collections.list(keys.aliases()).stream().filter(a -> isKey(keys, a)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("TLS key store " + keyStore + " holds no private key; "
                            + "create one with keytool -genkeypair (see README, Cluster security)"));
            keys.getKey(alias, password.toCharArray());
        } catch (UnrecoverableKeyException e) {
            throw new IllegalArgumentException("the key in TLS key store " + keyStore + " has another password than "
                    + "the store; give it the store's password (keytool -keypasswd)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key in TLS key store " + keyStore + ": " + e.getMessage(), e);
        }
        KeyStore trusted = load(trustStore, password, "trust store");
        try {
            if (trusted.size() == 0) {
                throw new IllegalArgumentException("TLS trust store " + trustStore + " is empty; import the cluster's "
                        + "certificate with keytool -importcert (see README, Cluster security)");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read TLS trust store " + trustStore + ": " + e.getMessage(), e);
        }
        return new ArteryTls(keyStore.toAbsolutePath(), trustStore.toAbsolutePath(), password);
    }

    /** @return the Pekko settings: Artery over {@code tls-tcp} with these stores, mutual authentication on */
    public Config config() {
        return ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.transport", "tls-tcp",
                "pekko.remote.artery.ssl.ssl-engine-provider", "org.apache.pekko.remote.artery.tcp.ConfigSSLEngineProvider",
                ENGINE + "key-store", keyStore.toString(),
                ENGINE + "key-store-password", password,
                ENGINE + "key-password", password,
                ENGINE + "trust-store", trustStore.toString(),
                ENGINE + "trust-store-password", password,
                ENGINE + "protocol", PROTOCOL,
                ENGINE + "enabled-algorithms", ALGORITHMS,
                ENGINE + "require-mutual-authentication", "on"));
    }

    /** Leaves the password out. */
    @Override
    public String toString() {
        return "ArteryTls[keyStore=" + keyStore + ", trustStore=" + trustStore + ", password=(hidden)]";
    }

    private static KeyStore load(Path file, String password, String what) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("TLS " + what + " " + file + " is missing or unreadable; "
                    + "create it with keytool (see README, Cluster security) or fix the path");
        }
        try {
            return KeyStore.getInstance(file.toFile(), password.toCharArray());
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new IllegalArgumentException("wrong password for TLS " + what + " " + file + "; set "
                        + PASSWORD_ENV + " (or --tls-password-file FILE) to its password", e);
            }
            throw new IllegalArgumentException("cannot read TLS " + what + " " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("TLS " + what + " " + file + " is not a PKCS12 or JKS key store ("
                    + e.getMessage() + "); create it with keytool (see README, Cluster security)", e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
