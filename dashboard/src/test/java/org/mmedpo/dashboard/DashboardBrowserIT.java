package org.mmedpo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser: Debian's headless Chromium driven through chromedriver by
 * Selenium (pointed at both binaries, so Selenium Manager never downloads anything). Against the
 * embedded platform, it checks that the page loads with honest empty states, that charts fill and
 * then change as further events arrive without a reload, and that the sample browser shows both
 * images of a lesion pair with the mask outlined and highlights the changed findings of a
 * hallucinated report. Screenshots go to {@code target/screenshots/}.
 *
 * <p>Without the browser or driver the test skips, except under {@code CI=true}, where it fails:
 * CI must install the Debian packages {@code chromium} and {@code chromium-driver}. Other paths can
 * be given with {@code MMEDPO_CHROMIUM} and {@code MMEDPO_CHROMEDRIVER}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

  static final Path CHROMIUM = Path.of(env("MMEDPO_CHROMIUM", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(env("MMEDPO_CHROMEDRIVER", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path dataDir;
  @TempDir static Path profileDir;
  static LivePipeline pipeline;
  static Dashboard dashboard;
  static ChromeDriver browser;
  static String pageId;

  @BeforeAll
  static void start() throws IOException {
    requireBrowser();
    Files.createDirectories(SCREENSHOTS);
    pipeline = LivePipeline.start(dataDir);
    dashboard = Dashboard.start(pipeline.config);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profileDir,
        "--window-size=1440,1000", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  private static void requireBrowser() {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String message = "the browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
        + " (Debian: apt-get install -y chromium chromium-driver)";
    if (!present) {
      if ("true".equals(System.getenv("CI"))) {
        fail(message + "; CI=true, so this is a failure, not a skip");
      }
      assumeTrue(false, message + "; skipping");
    }
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (dashboard != null) {
      dashboard.close();
    }
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /**
   * The data points a chart drew. Read in one script call: the page redraws its charts on every
   * pushed snapshot, so element handles go stale between calls.
   */
  private static long points(String chartId) {
    Object value = js("const e = document.getElementById(arguments[0]);"
        + "return e && e.dataset.points ? Number(e.dataset.points) : -1;", chartId);
    return ((Number) value).longValue();
  }

  private static String attribute(String selector, String name) {
    return (String) js("const e = document.querySelector(arguments[0]);"
        + "return e ? e.getAttribute(arguments[1]) : null;", selector, name);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(String selector) {
    return (List<String>) js("return Array.from(document.querySelectorAll(arguments[0]))"
        + ".map(e => e.textContent);", selector);
  }

  private static String text(String selector) {
    return (String) js("const e = document.querySelector(arguments[0]);"
        + "return e ? e.innerText : null;", selector);
  }

  private static void click(String selector) {
    js("document.querySelector(arguments[0]).click();", selector);
  }

  private static WebDriverWait waiting() {
    return new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
  }

  /** Saves the whole page (the window grown to the page's height) as a screenshot. */
  private static void screenshot(String name) throws IOException {
    growToPage();
    save(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE), name);
    browser.manage().window().setSize(new Dimension(1440, 1000));
  }

  /** Saves one panel as a screenshot. */
  private static void screenshot(String elementId, String name) throws IOException {
    growToPage();
    save(browser.findElement(By.id(elementId)).getScreenshotAs(OutputType.FILE), name);
    browser.manage().window().setSize(new Dimension(1440, 1000));
  }

  private static void growToPage() {
    long height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight);")).longValue();
    browser.manage().window().setSize(new Dimension(1440, (int) Math.min(height + 40, 8_000)));
  }

  private static void save(File file, String name) throws IOException {
    Files.copy(file.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  @Order(1)
  void shouldLoadThePageWithEmptyStatesBeforeAnyEvent() throws IOException {
    browser.get(dashboard.url().toString());
    assertThat(browser.getTitle()).isEqualTo("mmedpo-stream dashboard");
    waiting().until(d -> "live".equals(d.findElement(By.id("connection")).getText()));
    waiting().until(d -> (Long) js("return window.__mmedpo.snapshots;") >= 1);
    pageId = (String) js("return window.__mmedpo.pageId;");

    assertThat(text("#chart-loss")).isEqualTo("no training metrics yet");
    assertThat(text("#versions-timeline")).isEqualTo("no model versions yet");
    assertThat(text("#sample-detail")).isEqualTo("No preference samples yet.");
    assertThat(texts("#topics-table tbody tr")).hasSize(7);
    screenshot("01-empty.png");
  }

  @Test
  @Order(2)
  void shouldDrawEveryPanelAsEventsArrive() throws Exception {
    for (int i = 1; i <= 6; i++) {
      pipeline.sendPair(i);
    }
    pipeline.sendMetrics("run-1", 1, 40);
    pipeline.sendVersion(0);
    pipeline.sendVersion(1);
    pipeline.send(pipeline.topics.dlq(), "x", PipelineEvents.letter("ingest.dicom",
        "unsupported transfer syntax 1.2.840.10008.1.2.4.90", "s7/IM0001.dcm"));
    pipeline.send(pipeline.topics.dlq(), "x", PipelineEvents.letter("ingest.pairing",
        "no report for study", "s8/IM0001.dcm"));
    pipeline.commit("mmedpo-trainer", pipeline.topics.preferences(), 0);

    waiting().until(d -> points("chart-loss") == 40 && points("versions-timeline") == 2
        && points("kinds-chart") == 24 && points("scores-chart") == 12
        && points("weights-chart") == 12 && points("dlq-chart") == 2
        && "12".equals(attribute("#lag .lag-group[data-group='mmedpo-trainer']", "data-lag")));
    assertThat(attribute("#topics-table tr[data-topic='mmedpo.pairs.v1']", "data-records")).isEqualTo("6");
    assertThat(text("#tile-pairs")).isEqualTo("6");
    assertThat(texts("#versions-table tbody tr")).hasSize(2);
    assertThat(text("#versions-table")).contains("closed_accuracy", "meteor");
    assertThat(texts("#dlq-latest tbody td")).contains("no report for study", "s7/IM0001.dcm");
    assertThat(js("return window.__mmedpo.pageId;")).isEqualTo(pageId);
    screenshot("02-live.png");
  }

  @Test
  @Order(3)
  void shouldUpdateTheChartsAsFurtherEventsArriveWithoutAReload() throws Exception {
    long snapshotsBefore = (Long) js("return window.__mmedpo.snapshots;");
    String lossBefore = attribute("#chart-loss path[data-series='run-1']", "d");

    pipeline.sendMetrics("run-1", 41, 90);
    pipeline.sendVersion(2);
    pipeline.sendPair(7);

    waiting().until(d -> points("chart-loss") == 90 && points("versions-timeline") == 3
        && points("scores-chart") == 14);
    assertThat(attribute("#chart-loss path[data-series='run-1']", "d")).isNotEqualTo(lossBefore);
    assertThat((Long) js("return window.__mmedpo.snapshots;")).isGreaterThan(snapshotsBefore);
    assertThat(js("return window.__mmedpo.pageId;")).as("the page was not reloaded").isEqualTo(pageId);
    assertThat(text("#tile-step")).isEqualTo("90");
    screenshot("03-updated.png");
  }

  @Test
  @Order(4)
  void shouldShowBothImagesOfALesionPairWithTheMaskOutlined() throws IOException {
    click("#samples li[data-sample-id='pair-7-lesion-sample']");
    waiting().until(d -> "pair-7-lesion-sample".equals(attribute("#sample-detail", "data-sample-id")));
    for (String id : List.of("img-chosen", "img-rejected", "mask-rejected", "mask-chosen")) {
      waiting().until(d -> Boolean.TRUE.equals(js(
          "const img = document.getElementById(arguments[0]);"
              + "return img !== null && img.complete && img.naturalWidth > 0;", id)));
      assertThat(((Number) js("return document.getElementById(arguments[0]).naturalWidth;", id))
          .longValue()).as(id).isEqualTo(PipelineEvents.SIZE);
    }
    assertThat(attribute("#img-rejected", "src")).endsWith("/rejected.png");
    assertThat(attribute("#mask-rejected", "src")).endsWith("/mask.png");
    // The outline really is drawn: the overlay has opaque pixels of the outline colour.
    @SuppressWarnings("unchecked")
    Map<String, Object> outline = (Map<String, Object>) js(
        "const img = document.getElementById('mask-rejected');"
            + "const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight;"
            + "const g = c.getContext('2d'); g.drawImage(img, 0, 0);"
            + "const px = g.getImageData(0, 0, c.width, c.height).data; let opaque = 0, red = 0;"
            + "for (let i = 0; i < px.length; i += 4) { if (px[i + 3] > 0) { opaque++; if (px[i] > 200 && px[i + 2] < 100) red++; } }"
            + "return {opaque: opaque, red: red, total: px.length / 4};");
    assertThat((Long) outline.get("opaque")).isPositive().isEqualTo((Long) outline.get("red"))
        .isLessThan((Long) outline.get("total") / 10);
    assertThat(text("#sample-detail")).contains("mask coverage",
        String.format(java.util.Locale.ROOT, "%.1f %%", 100 * pipeline.events.maskCoverage()));
    screenshot("panel-samples", "04-lesion-pair.png");
  }

  @Test
  @Order(5)
  void shouldHighlightTheChangedFindingsOfAHallucinatedReport() throws IOException {
    click("#samples li[data-sample-id='pair-7-text-sample']");
    waiting().until(d -> "pair-7-text-sample".equals(attribute("#sample-detail", "data-sample-id")));
    assertThat(texts(".report-rejected mark.changed")).contains("left", "Small", "right");
    assertThat(texts(".report-chosen mark.changed")).contains("right", "No");
    assertThat(text(".report-rejected")).isEqualTo(PipelineEvents.HALLUCINATED_REPORT);
    assertThat(text("#sample-detail table.ops")).contains("swap_laterality", "pleural effusion", "right", "left");
    screenshot("panel-samples", "05-text-pair.png");
    assertThat(js("return window.__mmedpo.pageId;")).isEqualTo(pageId);
  }
}
