package dev.conv4j.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conv4j.Conv;
import dev.conv4j.explain.BackwardExplainer;
import dev.conv4j.explain.BackwardExplainer.Worked;
import dev.conv4j.explain.web.ExplainServer;
import dev.conv4j.spec.ConvGeometry;
import dev.conv4j.spec.ConvSpec;
import dev.conv4j.spec.Padding;
import dev.conv4j.tensor.Shape;
import dev.conv4j.tensor.Tensor;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code conv4j serve}'s page in a real headless Chromium: it loads (from the server alone),
 * its controls drive the derived shape, hovering an output cell highlights what it depends on,
 * and uploaded data comes back as feature maps computed by conv4j.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver}; without them every test is
 * skipped. Chromium starts with a fresh profile and with its own network traffic switched off
 * (this machine reaches no network but the package registries).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServePageTest {
    /** Debian's paths; {@code -Dconv4j.chromium=...} and {@code -Dconv4j.chromedriver=...} point elsewhere. */
    private static final Path CHROMIUM = Path.of(System.getProperty("conv4j.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("conv4j.chromedriver", "/usr/bin/chromedriver"));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static ExplainServer server;
    /** A second server with the network view of a small model, saved from code with seeded weights. */
    private static ExplainServer modelServer;
    private static dev.conv4j.nn.Sequential model;
    private static WebDriver driver;
    private static Path profile;
    private static Path files;

    private static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void start() throws IOException {
        if (!browserInstalled()) {
            return; // every test is then skipped, one by one, by openPage's assumption
        }
        server = ExplainServer.start(0);
        profile = Files.createTempDirectory("conv4j-chromium-");
        files = Files.createTempDirectory("conv4j-uploads-");
        model = dev.conv4j.nn.Sequential.of("small-cnn", Shape.of(14, 14, 1),
                dev.conv4j.nn.layer.Layers.conv2d(4, 3).padding(Padding.SAME), dev.conv4j.nn.layer.Layers.relu(),
                dev.conv4j.nn.layer.Layers.maxPool2d(2), dev.conv4j.nn.layer.Layers.flatten(),
                dev.conv4j.nn.layer.Layers.dense(10)).initialize(5);
        dev.conv4j.nn.io.ModelFiles.save(model, files.resolve("model"), java.util.Map.of("data", "fashion-mnist"));
        modelServer = ExplainServer.start(0).withModel(dev.conv4j.explain.network.NetworkView.load(files.resolve("model")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // WebGL without a GPU: SwiftShader, Chromium's software renderer, for the 3D view
        options.addArguments("--headless", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (ExplainServer s : new ExplainServer[] {server, modelServer}) {
            if (s != null) {
                s.close();
            }
        }
        for (Path dir : new Path[] {profile, files}) {
            if (dir != null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @BeforeEach
    void openPage() {
        assumeTrue(browserInstalled(),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
        driver.get(server.uri().toString());
        waitFor(() -> text("out-shape").equals("[1,5,5,1]"), "the first shape");
    }

    @Test
    @Order(1)
    void pageLoadsEverythingFromTheServerAlone() {
        assertEquals("conv4j explains a convolution", driver.getTitle());
        assertEquals("[1,1]", text("pads-before"));
        assertFalse(driver.findElements(By.cssSelector("#grid .cell.in")).isEmpty());
        assertFalse(driver.findElements(By.cssSelector("#overview svg")).isEmpty());
        assertTrue(text("explanation").contains("The kernel slides in 2 directions"), text("explanation"));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name);");
        String origin = server.uri().toString();
        assertFalse(resources.isEmpty());
        for (String url : resources) {
            assertTrue(url.startsWith(origin), "the page loaded " + url + " from outside " + origin);
        }
    }

    @Test
    @Order(2)
    void controlsUpdateTheDerivedShapeAndPads() {
        type("input", "224");
        type("channels", "3");
        type("kernel", "7");
        type("strides", "2");
        type("filters", "64");
        new Select(driver.findElement(By.id("padding"))).selectByValue("SAME");
        waitFor(() -> text("out-shape").equals("[1,112,112,64]"), "SAME 224/7/2 -> 112");
        assertEquals("[2,2]", text("pads-before"));
        assertEquals("[3,3]", text("pads-after"));
        assertTrue(text("formulas").contains("SAME: out = ceil(224 / 2) = 112; pad_total = max((112 - 1)*2 + 7 - 224, 0)"
                + " = 5 -> before 2, after 3"), text("formulas"));
        // the grid shows both ends of each axis (-2..6 and 218..226): the third pad after, 226, is SAME's odd one
        assertEquals(18, count("#grid .cell.in.pad-extra[data-c^='226,']"));
        assertEquals(18 + 18 - 1, count("#grid .cell.in.pad-extra"));

        new Select(driver.findElement(By.id("padding"))).selectByValue("VALID");
        waitFor(() -> text("out-shape").equals("[1,109,109,64]"), "VALID floor((224-7)/2)+1 = 109");
        assertEquals("[0,0]", text("pads-after"));

        new Select(driver.findElement(By.id("rank"))).selectByValue("1");
        new Select(driver.findElement(By.id("padding"))).selectByValue("CAUSAL");
        type("input", "10");
        type("kernel", "3");
        type("strides", "1");
        type("dilations", "2");
        waitFor(() -> text("out-shape").equals("[1,10,64]") && text("pads-before").equals("[4]"),
                "CAUSAL keeps the length and pads (3-1)*2 before");
        assertEquals("[0]", text("pads-after"));

        new Select(driver.findElement(By.id("padding"))).selectByValue("explicit");
        type("pads", "1,2");
        type("dilations", "1");
        waitFor(() -> text("out-shape").equals("[1,11,64]"), "explicit 1+2: floor((10+3-3)/1)+1 = 11");

        new Select(driver.findElement(By.id("padding"))).selectByValue("VALID");
        type("kernel", "30");
        waitFor(() -> driver.findElement(By.id("error")).isDisplayed(), "an error for a kernel larger than the input");
        assertTrue(text("error").contains("smaller than the kernel width 30"), text("error"));
    }

    @Test
    @Order(3)
    void hoveringAnOutputCellHighlightsItsInputsAndWeights() {
        // 5x5 input, 3x3 kernel, SAME: output [0,0] reads 4 input cells and 5 zero pads
        hover("#grid .cell.out[data-c='0,0']");
        waitFor(() -> count("#grid .hl-out") == 1, "the hovered output");
        assertEquals(4, count("#grid .cell.in.hl-in"));
        assertEquals(5, count("#grid .cell.in.hl-pad"));
        assertEquals(4, count("#grid .cell.w.hl-w"), "weights that meet real input");
        assertEquals(5, count("#grid .cell.w.hl-w-zero"), "weights that meet padding");
        hover("#grid .cell.out[data-c='2,2']");
        waitFor(() -> count("#grid .cell.in.hl-in") == 9, "the centre reads 9 inputs");
        assertEquals(0, count("#grid .cell.in.hl-pad"));
        assertTrue(text("hover-label").startsWith("output [2,2] reads height 1..3, width 1..3"), text("hover-label"));
    }

    @Test
    @Order(4)
    void stepAndPlayMoveTheWindow() {
        assertTrue(text("step-label").startsWith("step 1 of 25: output [0,0]"), text("step-label"));
        driver.findElement(By.id("next")).click();
        driver.findElement(By.id("next")).click();
        waitFor(() -> text("step-label").startsWith("step 3 of 25: output [0,2]"), "two steps on");
        assertEquals(2, count("#grid .cell.out.done"));
        driver.findElement(By.id("play")).click();
        waitFor(() -> !text("step-label").startsWith("step 3 "), "playing moves on");
        driver.findElement(By.id("play")).click();
        assertEquals("play", driver.findElement(By.id("play")).getText());
    }

    @Test
    @Order(5)
    void anErrorClearsTheLastGoodResult() {
        new Select(driver.findElement(By.id("rank"))).selectByValue("3");
        waitFor(() -> text("out-shape").equals("[1,5,5,5,1]"), "the 3D shape");
        assertFalse(driver.findElements(By.cssSelector("#grid svg")).isEmpty());
        new Select(driver.findElement(By.id("padding"))).selectByValue("CAUSAL");
        waitFor(() -> driver.findElement(By.id("error")).isDisplayed(), "CAUSAL is 1D only");
        assertResultCleared();

        new Select(driver.findElement(By.id("padding"))).selectByValue("SAME");
        waitFor(() -> text("out-shape").equals("[1,5,5,5,1]"), "the 3D shape again");
        assertFalse(driver.findElement(By.id("error")).isDisplayed());
        type("input", "5000");
        waitFor(() -> driver.findElement(By.id("error")).isDisplayed(), "an input out of range");
        assertTrue(text("error").contains("outside 1..4096"), text("error"));
        assertResultCleared();
    }

    @Test
    @Order(6)
    void aPerAxisListOfTheWrongLengthIsAnErrorNotTruncated() {
        type("input", "4,5,6");
        waitFor(() -> driver.findElement(By.id("error")).isDisplayed(), "three sizes for a 2D convolution");
        assertTrue(text("error").contains("input '4,5,6' has 3 values; give 1 or 2"), text("error"));
        assertResultCleared();
        type("input", "4,5");
        waitFor(() -> text("out-shape").equals("[1,4,5,1]"), "two sizes for two axes");
    }

    @Test
    @Order(7)
    void switchingRankResetsPerAxisFieldsAndTheHoverLabel() {
        new Select(driver.findElement(By.id("rank"))).selectByValue("3");
        type("input", "4,5,6");
        type("kernel", "3,2,1");
        // the shape is the same with the default kernel: wait for the answer that has this one
        waitFor(() -> text("out-shape").equals("[1,4,5,6,1]") && svgText("grid").contains("k3x2x1"), "the 3D shape");
        hover("#grid .cell.out[data-c='0,0,0']");
        waitFor(() -> text("hover-label").startsWith("output [0,0,0]"), "a hover label");
        // the rank changes from the keyboard while the pointer stays over the grid
        new Select(driver.findElement(By.id("rank"))).selectByValue("2");
        waitFor(() -> text("out-shape").equals("[1,4,4,1]"), "each list becomes its first number");
        assertEquals("4", driver.findElement(By.id("input")).getAttribute("value"));
        assertEquals("3", driver.findElement(By.id("kernel")).getAttribute("value"));
        assertTrue(text("rank-note").contains("reset to one value for every axis (input 4; kernel 3)"),
                text("rank-note"));
        // the label is gone, or (the new grid under the pointer) names a 2D position: never the old 3D one
        assertTrue(text("hover-label").isEmpty() || text("hover-label").matches("output \\[\\d+,\\d+\\] reads .*"),
                text("hover-label"));
        assertFalse(driver.findElement(By.id("error")).isDisplayed());
    }

    @Test
    @Order(8)
    void aLarge3dCaseFitsA1280PixelScreen() {
        driver.manage().window().setSize(new Dimension(1280, 900));
        try {
            new Select(driver.findElement(By.id("rank"))).selectByValue("3");
            type("input", "9,12,16");
            type("kernel", "3");
            type("channels", "3");
            type("filters", "8");
            waitFor(() -> text("out-shape").equals("[1,9,12,16,8]"), "a 3D shape with a wide grid");
            assertEquals(Boolean.TRUE, js("return document.documentElement.scrollWidth"
                    + " <= document.documentElement.clientWidth;"), "the page scrolls sideways");
            // every control, the padding choice included, lies wholly inside the form
            assertEquals(Boolean.TRUE, js("const f = document.getElementById('conv-form').getBoundingClientRect();"
                    + "return [...document.querySelectorAll('#conv-form input, #conv-form select')]"
                    + ".filter(e => e.offsetParent !== null)"
                    + ".every(e => e.getBoundingClientRect().right <= f.right - 4);"));
            // every select (the padding choice among them) shows each option's whole text
            assertEquals(List.of(), js("const c = document.createElement('canvas').getContext('2d');"
                    + "return [...document.querySelectorAll('#conv-form select')].flatMap(s => {"
                    + " c.font = getComputedStyle(s).font;"
                    + " return [...s.options].filter(o => c.measureText(o.text).width + 28 > s.clientWidth)"
                    + "  .map(o => s.id + ': ' + o.text); });"));
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1700));
        }
    }

    @Test
    @Order(9)
    void batchGroupsDepthwiseLayoutAndDilationHolesAreShown() {
        type("batch", "4");
        waitFor(() -> text("out-shape").equals("[4,5,5,1]"), "batch 4");
        type("batch", "1");
        type("channels", "4");
        type("groups", "2");
        type("filters", "6");
        waitFor(() -> text("out-shape").equals("[1,5,5,6]"), "4 channels in 2 groups, 6 filters");
        assertTrue(svgText("overview").contains("coloured by group (2)"), svgText("overview"));
        assertTrue(text("explanation").contains("group"), text("explanation"));
        type("groups", "1");
        type("channels", "3");
        type("filters", "2");
        driver.findElement(By.id("depthwise")).click();
        // the shape was [1,5,5,6] before too: wait for the depthwise filter [3,3,3,2]
        waitFor(() -> text("out-shape").equals("[1,5,5,6]") && svgText("overview").contains("depthwise [3,3,3,2]"),
                () -> "depthwise: 3 channels x multiplier 2: " + svgText("overview"));
        assertTrue(svgText("overview").contains("coloured by group (3)"), svgText("overview"));
        driver.findElement(By.id("depthwise")).click();
        new Select(driver.findElement(By.id("layout"))).selectByValue("first");
        waitFor(() -> text("out-shape").equals("[1,2,5,5]"), "channels first: NCHW");
        assertTrue(svgText("overview").contains("NCHW [1,3,5,5]"), svgText("overview"));
        new Select(driver.findElement(By.id("layout"))).selectByValue("last");
        type("channels", "1");
        type("filters", "1");
        type("input", "9");
        type("dilations", "2");
        new Select(driver.findElement(By.id("padding"))).selectByValue("VALID");
        // [1,5,5,1] was also the shape before: wait for the answer with input 9 and dilation 2
        waitFor(() -> text("out-shape").equals("[1,5,5,1]") && svgText("grid").contains("in9x9x1")
                && svgText("grid").contains("d2x2"), "dilation 2 spans 5: 9 - 5 + 1");
        hover("#grid .cell.out[data-c='0,0']");
        waitFor(() -> count("#grid .cell.in.hl-in") == 9, "the 9 taps");
        assertEquals(25 - 9, count("#grid .cell.in.hl-hole"), "the holes inside the 5x5 span");
    }

    @Test
    @Order(10)
    void theKeyboardStepsAndEveryPictureHasWords() {
        WebElement grid = driver.findElement(By.id("grid"));
        grid.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        grid.sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        waitFor(() -> text("step-label").startsWith("step 3 of 25: output [0,2]"), "two steps by the keyboard");
        grid.sendKeys(org.openqa.selenium.Keys.END);
        waitFor(() -> text("step-label").startsWith("step 25 of 25: output [4,4]"), "End");
        grid.sendKeys(org.openqa.selenium.Keys.HOME);
        waitFor(() -> text("step-label").startsWith("step 1 of 25"), "Home");
        assertTrue(driver.findElement(By.id("overview")).getAttribute("aria-label")
                .contains("the kernel slides along height, width"));
        // every control has a name a screen reader can read
        Object unnamed = js("return [...document.querySelectorAll('input, select, button')].filter(e => e.offsetParent"
                + " !== null && !(e.labels && e.labels.length) && !e.getAttribute('aria-label')"
                + " && !e.textContent.trim()).map(e => e.id);");
        assertEquals(List.of(), unnamed);
    }

    @Test
    @Order(12)
    void the3dViewRendersTurnsUnderADragAndFollowsTheSteps() {
        new Select(driver.findElement(By.id("rank"))).selectByValue("3");
        waitFor(() -> text("out-shape").equals("[1,5,5,5,1]"), "the 3D shape");
        waitFor(() -> count("#view3d-gl") == 1 && driver.findElement(By.id("view3d-gl")).isDisplayed(),
                () -> "the WebGL view: " + text("view3d-note"));
        WebElement canvas = driver.findElement(By.id("view3d-gl"));
        waitFor(() -> "8".equals(canvas.getAttribute("data-lit")), "output [0,0,0] reads 8 input cells");
        assertEquals("19", canvas.getAttribute("data-lit-pad"), "and 19 padding cells");
        String before = (String) js("return document.getElementById('view3d-gl').toDataURL();");
        assertTrue(nonWhitePixels() > 2000, "the scene is drawn");
        double yaw = Double.parseDouble(canvas.getAttribute("data-yaw"));
        new Actions(driver).moveToElement(canvas).clickAndHold().moveByOffset(80, 20).release().perform();
        waitFor(() -> Math.abs(Double.parseDouble(canvas.getAttribute("data-yaw")) - yaw - 0.8) < 0.05,
                () -> "a drag of 80 px turns by 0.8 rad: yaw " + canvas.getAttribute("data-yaw"));
        assertFalse(before.equals(js("return document.getElementById('view3d-gl').toDataURL();")), "the picture turned");
        double distance = Double.parseDouble(canvas.getAttribute("data-distance"));
        canvas.sendKeys("+");
        waitFor(() -> Double.parseDouble(canvas.getAttribute("data-distance")) < distance, "+ zooms in");
        driver.findElement(By.id("next")).click();
        waitFor(() -> "0,0,1".equals(canvas.getAttribute("data-position")), "the next step lights output [0,0,1]");
        assertEquals("12", canvas.getAttribute("data-lit"), "[0,0,1] reads 2x2x3 input cells");
        assertEquals("15", canvas.getAttribute("data-lit-pad"));
    }

    @Test
    @Order(11)
    void withoutWebGlThe3dViewSaysSoAndThePicturesRemain() {
        // a browser without WebGL: every page from now on gets no WebGL context
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> added = ((ChromeDriver) driver).executeCdpCommand(
                "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
                        "const get = HTMLCanvasElement.prototype.getContext;"
                        + "HTMLCanvasElement.prototype.getContext = function (type, ...rest) {"
                        + " return /webgl/.test(type) ? null : get.call(this, type, ...rest); };"));
        try {
            driver.get(server.uri().toString());
            waitFor(() -> text("out-shape").equals("[1,5,5,1]"), "the page");
            new Select(driver.findElement(By.id("rank"))).selectByValue("3");
            waitFor(() -> text("view3d-note").contains("needs WebGL"), () -> "a note: " + text("view3d-note"));
            assertEquals(0, count("#view3d-gl"));
            assertFalse(driver.findElements(By.cssSelector("#grid .cell.in")).isEmpty(), "the grid is there");
            assertFalse(driver.findElements(By.cssSelector("#overview svg")).isEmpty(), "the overview is there");
        } finally {
            ((ChromeDriver) driver).executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument",
                    java.util.Map.of("identifier", added.get("identifier")));
        }
    }

    /** Pixels of the WebGL canvas that are not white, read back through a 2D canvas. */
    private static long nonWhitePixels() {
        Object n = js("const src = document.getElementById('view3d-gl');"
                + "const c = document.createElement('canvas'); c.width = src.width; c.height = src.height;"
                + "const x = c.getContext('2d'); x.drawImage(src, 0, 0);"
                + "const d = x.getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) n++;"
                + "return n;");
        return ((Number) n).longValue();
    }

    @Test
    @Order(13)
    void theTransposedViewShowsWhatConv4jTransposeComputes() {
        type("strides", "2");
        new Select(driver.findElement(By.id("op"))).selectByValue("transpose");
        waitFor(() -> text("backward-text").contains("y [1,5,5,1]:"), "the transposed convolution's text");
        ConvGeometry g = ConvSpec.builder(2).strides(2).padding(Padding.SAME).build()
                .geometry(Shape.of(1, 5, 5, 1), Shape.of(3, 3, 1, 1));
        Worked w = BackwardExplainer.work(BackwardExplainer.Op.TRANSPOSE, g);
        Tensor y = Conv.transpose(g.spec(), w.operand(), w.filter(), g.inputShape());
        String shown = text("backward-text");
        String[] numbers = shown.substring(shown.indexOf('\n', shown.indexOf("y [1,5,5,1]:")) + 1).strip().split("\\s+");
        for (int i = 0; i < 25; i++) {
            assertEquals(y.data()[i], Float.parseFloat(numbers[i]), "y value " + i + " in " + shown);
        }
        assertTrue(shown.contains("equal to y above, value for value"), shown);
        // the picture: both rows, the lit result cell in each
        assertEquals(2, count("#backward-picture svg .cell.result"), "the worked value lit in both rows");
        assertTrue(count("#backward-picture svg rect.cell") >= 9 + 9 + 25 + 49 + 9 + 25);

        // a click on a result value lights what makes it, in both rows; the arrow keys move on
        driver.findElement(By.cssSelector("#backward-picture .cell.value[data-c='0,0']")).click();
        waitFor(() -> svgText("backward-picture").contains("y [0,0] = " + BackwardExplainer.number(y.get(0, 0, 0, 0))
                + " in both rows"), () -> "y [0,0] lit: " + svgText("backward-picture"));
        driver.findElement(By.id("backward-picture")).sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        waitFor(() -> svgText("backward-picture").contains("y [0,1] = " + BackwardExplainer.number(y.get(0, 0, 1, 0))
                + " in both rows"), () -> "y [0,1] lit: " + svgText("backward-picture"));
        assertEquals(2, count("#backward-picture svg .cell.result"));

        new Select(driver.findElement(By.id("op"))).selectByValue("grad-filter");
        waitFor(() -> text("backward-text").contains("equal to dw above, value for value"), "the filter gradient");
        new Select(driver.findElement(By.id("op"))).selectByValue("forward");
        waitFor(() -> !driver.findElement(By.id("backward")).isDisplayed(), "forward hides the backward view");
    }

    @Test
    @Order(14)
    void theNetworkViewShowsEveryLayerAndAClickedMapsSum() throws IOException {
        driver.get(modelServer.uri().toString());
        waitFor(() -> driver.findElement(By.id("network")).isDisplayed(), "the network view of the served model");
        Path png = files.resolve("garment.png");
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(12, 8, 32, 44);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        driver.findElement(By.id("network-upload")).sendKeys(png.toString());
        waitFor(() -> count("#layers li") == 1 + model.layers().size(), "the input and every layer");
        assertTrue(text("layers").contains("-> [1,14,14,4]"), text("layers"));
        assertTrue(text("prediction").startsWith("prediction: "), text("prediction"));

        // what the page's model computed, by the test: the same resizing and the model's own first layer
        Tensor x = dev.conv4j.explain.network.Samples.fromImage(image, model.inputShape(), false)
                .reshape(Shape.of(1, 14, 14, 1));
        Tensor conv = model.layers().getFirst().forward(x, dev.conv4j.nn.Pass.inference(dev.conv4j.nn.Compute.threads(1)));
        WebElement map = driver.findElement(By.cssSelector("#layers li[data-layer='0'] img.clickable[data-channel='2']"));
        // a click in the middle of the map's pixel (3, 9) of 14x14, offsets from the element's centre
        org.openqa.selenium.Rectangle box = map.getRect();
        new Actions(driver).moveToElement(map, (int) Math.round(box.width * (9.5 / 14 - 0.5)),
                (int) Math.round(box.height * (3.5 / 14 - 0.5))).click().perform();
        waitFor(() -> !text("window-text").isEmpty(), "the clicked value's sum");
        String expected = String.format(java.util.Locale.ROOT, "conv4j computed %.5f", conv.get(0, 3, 9, 2));
        assertTrue(text("window-text").startsWith("conv2d filter 2 at [3,9]: 9 products"), text("window-text"));
        assertTrue(text("window-text").contains(expected), expected + " in " + text("window-text"));
        String sum = text("window-text").replaceAll("(?s).* = (-?[0-9.]+); conv4j computed.*", "$1");
        assertEquals(conv.get(0, 3, 9, 2), Float.parseFloat(sum), 1e-5, "the sum shown equals the map's value");
        assertEquals(9, count("#window svg rect.weight"));
        // the keyboard opens a map's middle
        WebElement other = driver.findElement(By.cssSelector("#layers li[data-layer='0'] img.clickable[data-channel='0']"));
        other.sendKeys(org.openqa.selenium.Keys.ENTER);
        waitFor(() -> text("window-text").startsWith("conv2d filter 0 at [7,7]"), "Enter opens the middle");
    }

    @Test
    @Order(15)
    void anUploadedImageYieldsOneFeatureMapPerKernel() throws IOException {
        Path png = files.resolve("square.png");
        BufferedImage image = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, 120, 80);
        g.setColor(Color.WHITE);
        g.fillRect(30, 20, 60, 40);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
        driver.findElement(By.id("upload")).sendKeys(png.toString());
        waitFor(() -> count("#maps .feature-map img") == 3, "edge, box:3 and sharpen maps");
        assertTrue(text("data-status").contains("input [1,80,120,1], filter [3,3,1,3] -> output [1,80,120,3]"),
                text("data-status"));
        Object loaded = js("return [...document.querySelectorAll('#maps .feature-map img')]"
                + ".every(i => i.complete && i.naturalWidth === 120 && i.naturalHeight === 80);");
        assertEquals(Boolean.TRUE, loaded);
        assertTrue(text("maps").contains("edge [3,3]: [-1, -1, -1, -1, 8, -1, -1, -1, -1]"), text("maps"));
    }

    @Test
    @Order(16)
    void anUploadedSignalYieldsOneSmoothedSignalPerKernel() throws IOException {
        Path csv = files.resolve("signal.csv");
        StringBuilder sb = new StringBuilder("value\n");
        for (int t = 0; t < 200; t++) {
            sb.append(Math.sin(t / 10.0) + (t % 7 == 0 ? 0.5 : 0)).append('\n');
        }
        Files.writeString(csv, sb);
        driver.findElement(By.id("upload")).sendKeys(csv.toString());
        waitFor(() -> count("#maps .feature-map.signal svg polyline") == 6, "3 outputs over the input");
        assertTrue(text("data-status").contains("-> output [1,200,3]"), text("data-status"));
    }

    @Test
    @Order(17)
    void badUploadsGetAClearError() throws IOException {
        Path junk = files.resolve("junk.png");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        driver.findElement(By.id("upload")).sendKeys(junk.toString());
        waitFor(() -> driver.findElement(By.id("data-error")).isDisplayed(), "an error");
        assertTrue(text("data-error").contains("not an image conv4j can read"), text("data-error"));
    }

    @Test
    @Order(18)
    void screenshotsOfEachView() throws IOException {
        // the page at 1280 px, as tall as it is: the single convolution and the filtered sample image
        driver.manage().window().setSize(new Dimension(1280, 1000));
        try {
            type("input", "8");
            type("strides", "2");
            waitFor(() -> text("out-shape").equals("[1,4,4,1]"), "8/3/2 SAME");
            driver.findElement(By.id("sample-image")).click();
            waitFor(() -> count("#maps .feature-map img") == 3, "the sample's maps");
            hover("#grid .cell.out[data-c='3,3']");
            waitFor(() -> count("#grid .cell.in.hl-pad") == 5, () -> "the last window reads the pad after: "
                    + count("#grid .cell.in.hl-pad") + " pads lit; " + text("hover-label") + " / " + text("step-label"));
            long height = (Long) js("return Math.min(4000, document.documentElement.scrollHeight);");
            driver.manage().window().setSize(new Dimension(1280, (int) height + 140));
            Path page = shot("serve.png", (TakesScreenshot) driver);

            new Select(driver.findElement(By.id("op"))).selectByValue("transpose");
            waitFor(() -> text("backward-text").contains("equal to y above"), "the transposed view");
            shot("transpose.png", (TakesScreenshot) driver.findElement(By.id("backward-picture")));

            new Select(driver.findElement(By.id("op"))).selectByValue("forward");
            new Select(driver.findElement(By.id("rank"))).selectByValue("3");
            type("input", "4,5,6");
            type("strides", "1");
            waitFor(() -> "8".equals(attribute("view3d-gl", "data-lit")), "the 3D view");
            WebElement canvas = driver.findElement(By.id("view3d-gl"));
            new Actions(driver).moveToElement(canvas).clickAndHold().moveByOffset(40, 10).release().perform();
            shot("view3d.png", (TakesScreenshot) driver.findElement(By.id("view3d")));

            // the network view: a model and a sample given by -Dconv4j.screenshot.model/.sample, or the small one
            String modelDir = System.getProperty("conv4j.screenshot.model");
            ExplainServer shown = modelDir == null ? modelServer : ExplainServer.start(0)
                    .withModel(dev.conv4j.explain.network.NetworkView.load(Path.of(modelDir)));
            try {
                driver.manage().window().setSize(new Dimension(1280, 1500));
                driver.get(shown.uri().toString());
                waitFor(() -> driver.findElement(By.id("network")).isDisplayed(), "the network view");
                Path sample = Path.of(System.getProperty("conv4j.screenshot.sample", files.resolve("garment.png")
                        .toString()));
                driver.findElement(By.id("network-upload")).sendKeys(sample.toAbsolutePath().toString());
                waitFor(() -> count("#layers img.clickable") > 0, "the maps");
                driver.findElement(By.cssSelector("#layers img.clickable[data-channel='1']"))
                        .sendKeys(org.openqa.selenium.Keys.ENTER);
                waitFor(() -> !text("window-text").isEmpty(), "a window");
                shot("network.png", (TakesScreenshot) driver.findElement(By.id("network")));
            } finally {
                if (shown != modelServer) {
                    shown.close();
                }
            }
            assertTrue(Files.size(page) > 10_000);
        } finally {
            driver.manage().window().setSize(new Dimension(1400, 1700));
        }
    }

    /** Saves a screenshot into {@code -Dconv4j.screenshots=DIR} (default target/screenshots). */
    private static Path shot(String name, TakesScreenshot source) throws IOException {
        Path dir = Path.of(System.getProperty("conv4j.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Path file = dir.resolve(name);
        Files.copy(source.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    private static String attribute(String id, String name) {
        List<WebElement> found = driver.findElements(By.id(id));
        return found.isEmpty() ? null : found.getFirst().getAttribute(name);
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** Nothing of an earlier answer is left beside an error: shape, pads, formulas, pictures, steps, labels. */
    private static void assertResultCleared() {
        assertEquals("?", text("out-shape"));
        assertEquals("?", text("pads-before"));
        assertEquals(0, count("#formulas li"));
        assertEquals(0, count("#overview *"));
        assertEquals(0, count("#grid *"));
        assertEquals("", driver.findElement(By.id("explanation")).getAttribute("textContent"));
        assertFalse(driver.findElement(By.id("player")).isDisplayed());
        assertEquals("", text("hover-label"));
    }

    private static String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    /** Every text of an element, drawn or not (getText leaves out SVG text it judges hidden). */
    private static String svgText(String id) {
        return driver.findElement(By.id(id)).getAttribute("textContent");
    }

    private static int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    private static void type(String id, String value) {
        WebElement field = driver.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private static void hover(String css) {
        WebElement cell = new WebDriverWait(driver, WAIT).until(d -> d.findElement(By.cssSelector(css)));
        new Actions(driver).moveToElement(cell).perform();
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) {
        waitFor(condition, () -> what);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        new WebDriverWait(driver, WAIT).withMessage(what).until(d -> condition.getAsBoolean());
    }
}
