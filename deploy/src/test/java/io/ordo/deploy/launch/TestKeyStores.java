package io.ordo.deploy.launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A PKCS12 key store made with the JDK's keytool (a self-signed EC key), for TLS launch tests. */
final class TestKeyStores {
    /** Password of every store and key made here. */
    static final String PASSWORD = "ordo-test-secret";

    private TestKeyStores() {
    }

    /** @return {@code dir/name.p12} holding a new self-signed key pair {@code CN=name} */
    static Path keyPair(Path dir, String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", PASSWORD,
                "-keypass", PASSWORD));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed:\n" + out);
        }
        return store;
    }
}
