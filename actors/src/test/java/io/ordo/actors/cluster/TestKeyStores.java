package io.ordo.actors.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** PKCS12 key and trust stores made with the JDK's keytool (self-signed EC keys), for TLS tests. */
public final class TestKeyStores {
    /** Password of every store and key made here. */
    public static final String PASSWORD = "ordo-test-secret";

    private TestKeyStores() {
    }

    /** @return {@code dir/name.p12} holding a new self-signed key pair {@code CN=name} */
    public static Path keyPair(Path dir, String name) throws Exception {
        Path store = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD);
        return store;
    }

    /** @return {@code dir/name.p12} trusting the certificates of the key pairs in {@code keyStores} */
    public static Path trustStore(Path dir, String name, Path... keyStores) throws Exception {
        Path store = dir.resolve(name + ".p12");
        for (int i = 0; i < keyStores.length; i++) {
            Path cert = dir.resolve(name + "-" + i + ".crt");
            String alias = keyStores[i].getFileName().toString().replace(".p12", "");
            keytool("-exportcert", "-alias", alias, "-keystore", keyStores[i].toString(), "-storepass", PASSWORD,
                    "-rfc", "-file", cert.toString());
            keytool("-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(), "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", PASSWORD);
        }
        return store;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
