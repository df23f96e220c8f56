package io.ordo.deploy.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ordo.deploy.ops.LiveRun;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * End to end in a real browser: a short training run serves its dashboard, headless Chromium
 * (Debian's {@code chromium} + {@code chromium-driver}, driven by Selenium) opens it, the loss chart
 * fills with the run's real points and keeps updating while training goes on, and a screenshot is
 * saved to {@code deploy/target/dashboard.png}. Skipped, saying why, only where Chromium or
 * ChromeDriver is not installed ({@code .ci/run} installs both).
 */
@Tag("system")
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("ORDO_CHROMIUM", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getenv().getOrDefault("ORDO_CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldShowTheLossChartUpdatingLiveWithTheRunsPointsInHeadlessChromium(@TempDir Path dir) throws Exception {
        assumeBrowser();
        Path out = dir.resolve("run");
        try (LiveRun run = LiveRun.start(out, 1000)) {
            WebDriver browser = chromium(dir.resolve("profile"));
            try {
                browser.get(run.base().toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100));
                WebElement loss = browser.findElement(By.id("loss-chart"));

                wait.until(b -> points(loss) >= 2);
                int firstPoints = points(loss);
                long firstStep = Long.parseLong(loss.getDomAttribute("data-last-step"));
                // live: more points arrive while the run goes on, without reloading the page
                wait.until(b -> points(loss) > firstPoints && Long.parseLong(loss.getDomAttribute("data-last-step")) > firstStep);
                assertTrue(!run.isDone(), "the chart moved while training was still running");

                // the chart's last point is the run's own train loss at that step (metrics.jsonl)
                List<?> last = (List<?>) ((JavascriptExecutor) browser).executeScript(
                        "const d = document.getElementById('loss-chart').dataset; return [d.lastStep, d.lastValue];");
                long step = Long.parseLong((String) last.get(0));
                double shown = Double.parseDouble((String) last.get(1));
                assertEquals(trainLoss(out.resolve("metrics.jsonl"), step), shown, 1e-9, "loss at step " + step);

                wait.until(b -> points(b.findElement(By.id("eval-chart"))) >= 1);
                wait.until(b -> !texts(b, "#actors tbody tr").isEmpty());
                assertEquals("live", browser.findElement(By.id("mode")).getText().toLowerCase());
                // the tables are redrawn every second: read them in one script call
                List<?> actors = texts(browser, "#actors tbody tr td:first-child");
                assertTrue(actors.contains("trainer") && actors.contains("supervisor"), actors.toString());
                assertEquals(1, texts(browser, "#members tbody tr").size(), "one node");
                assertTrue(texts(browser, "#stages tbody tr td:first-child").contains("batched"));

                File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
                Path target = Path.of("target", "dashboard.png");
                Files.createDirectories(target.getParent());
                Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(target) > 10_000, "a real screenshot");
                System.out.println("dashboard screenshot: " + target.toAbsolutePath());
            } finally {
                browser.quit();
            }
        }
    }

    /**
     * A run whose config, directory name, checkpoint file name and metrics carry markup
     * ({@link HostileRun}), served by {@code ordo dashboard} behind a token: the browser opens
     * {@code /?token=...} once, lands on {@code /} without it, and the page (its event stream
     * authorized by the session cookie) shows every hostile string as text: no element was injected,
     * no script ran, no alert opened, and the CSP blocked nothing the page itself needs.
     */
    @Test
    void shouldShowHostileRunDataAsTextBehindTheTokenInHeadlessChromium(@TempDir Path dir) throws Exception {
        assumeBrowser();
        Path run = HostileRun.create(dir);
        String token = "b7e2c41d9a0f";
        try (DashboardServer server = DashboardServer.start(run, "127.0.0.1", 0,
                io.ordo.streams.net.BearerToken.of(token))) {
            WebDriver browser = chromium(dir.resolve("profile"));
            try {
                browser.get(server.uri() + "?token=" + token);
                assertEquals(server.uri().toString(), browser.getCurrentUrl(), "the token left the address bar");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(100));
                // the metrics lines drew their points and a node snapshot (config, directory) arrived
                wait.until(b -> points(b.findElement(By.id("loss-chart"))) >= 2 && !texts(b, "#checkpoints tbody tr").isEmpty()
                        && b.findElement(By.tagName("body")).getDomAttribute("data-node-events") != null);
                JavascriptExecutor js = (JavascriptExecutor) browser;
                assertEquals(0L, js.executeScript("return document.querySelectorAll('img, iframe, object, embed').length;"),
                        "no element injected");
                assertEquals(2L, js.executeScript("return document.scripts.length;"), "only the page's two scripts");
                assertEquals(null, js.executeScript("return window.pwned === undefined ? null : window.pwned;"),
                        "no injected script ran");
                assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert(), "no alert opened");
                assertEquals(Files.readString(run.resolve("config.conf")).strip(),
                        browser.findElement(By.id("config")).getText().strip(), "the config, as text");
                assertEquals(run.toAbsolutePath().toString(), browser.findElement(By.id("out")).getText());
                assertTrue(texts(browser, "#checkpoints tbody tr td").contains(HostileRun.IMG + ".ckpt"),
                        texts(browser, "#checkpoints tbody tr td").toString());
                assertTrue(browser.findElement(By.id("stat-eval-loss")).getText().contains(HostileRun.FLAG_IMG));
                List<String> csp = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                        .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
                assertEquals(List.of(), csp, "the CSP blocked nothing the page uses");
            } finally {
                browser.quit();
            }
        }
    }

    private static void assumeBrowser() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String missing = "headless Chromium not installed (" + CHROMIUM + ", " + DRIVER + "): apt-get install -y chromium "
                + "chromium-driver (.ci/run does) to run the dashboard browser test";
        if ("1".equals(System.getenv("ORDO_REQUIRE_BROWSER"))) {
            assertTrue(installed, missing + "; ORDO_REQUIRE_BROWSER=1 (CI) makes that a failure, not a skip");
        }
        Assumptions.assumeTrue(installed, missing);
    }

    private static List<?> texts(WebDriver browser, String selector) {
        return (List<?>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", selector);
    }

    private static int points(WebElement canvas) {
        String p = canvas.getDomAttribute("data-points");
        return p == null || p.isEmpty() ? 0 : Integer.parseInt(p);
    }

    /** The last train loss logged for {@code step}. */
    private static double trainLoss(Path metrics, long step) throws Exception {
        double loss = Double.NaN;
        for (String line : Files.readAllLines(metrics)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("kind").asText().equals("train") && n.get("step").asLong() == step) {
                loss = n.get("loss").asDouble();
            }
        }
        return loss;
    }

    /** Headless Debian Chromium, offline: no background networking, no downloads of drivers. */
    private static WebDriver chromium(Path profile) throws Exception {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,1500",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
