package org.perturba.report.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturba.report.Finding;
import org.perturba.report.HtmlReport;

class HtmlReportTest {

    private static HtmlReport report() {
        return new HtmlReport("Attacks on <brain> age & more")
                .heading("Robustness")
                .paragraph("MAE rose from 3.1 to 19.0 years; x < y && y > z")
                .table(List.of("epsilon", "MAE <years>"), List.of(List.of("0.001", "3.90"), List.of("0.01", "6.20")))
                .figure("figures/mae.png", "figures/mae.svg", "MAE & epsilon")
                .finding(Finding.reproduced("FGSM raises MAE"))
                .finding(Finding.notReproduced("Models trained on <augmented> data resist"))
                .finding(new Finding("Hybrids halve the shift", Finding.Status.INCONCLUSIVE))
                .footer("perturba 0.1.0 \u2014 commit abc123");
    }

    @Test
    void escapesText() {
        String html = report().toHtml();
        assertTrue(html.contains("<title>Attacks on &lt;brain&gt; age &amp; more</title>"));
        assertTrue(html.contains("x &lt; y &amp;&amp; y &gt; z"));
        assertTrue(html.contains("<th>MAE &lt;years&gt;</th>"));
        assertFalse(html.contains("<brain>") || html.contains("<augmented>") || html.contains("<years>"));
    }

    @Test
    void containsTablesFiguresFindingsAndFooter() {
        String html = report().toHtml();
        assertTrue(html.contains("<tr><td>0.01</td><td>6.20</td></tr>"), html);
        assertTrue(html.contains("<img src=\"figures/mae.png\""));
        assertTrue(html.contains("<a href=\"figures/mae.svg\">SVG</a>"));
        assertTrue(html.contains("MAE &amp; epsilon"));
        int list = html.indexOf("<ul class=\"findings\">");
        assertTrue(list > 0 && html.indexOf("<ul", list + 1) < 0, "consecutive findings form one list");
        assertTrue(html.contains("<li class=\"reproduced\">") && html.contains("FGSM raises MAE"));
        assertTrue(html.contains("<li class=\"not-reproduced\">"));
        assertTrue(html.contains("<li class=\"inconclusive\"><span class=\"mark\">? inconclusive</span>Hybrids halve the shift"),
                "a claim the interval cannot decide is neither reproduced nor refuted");
        assertTrue(html.contains("<footer>") && html.contains("commit abc123"));
    }

    @Test
    void isSelfContained() {
        String html = report().toHtml();
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("http://") || html.contains("https://"), "no external resource");
        assertFalse(html.contains("<link"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlReport("t").figure("https://x/a.png", null, "c"));
        assertThrows(IllegalArgumentException.class, () -> new HtmlReport("t").figure("/tmp/a.png", null, "c"));
    }

    @Test
    void refusesRaggedTables() {
        assertThrows(IllegalArgumentException.class,
                () -> new HtmlReport("t").table(List.of("a", "b"), List.of(List.of("1"))));
    }

    @Test
    void writesTheWholePage(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("out/report.html");
        report().write(file);
        assertEquals(report().toHtml(), Files.readString(file));
        assertEquals(List.of(file), list(file.getParent()), "no temporary file left");
    }

    private static List<Path> list(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
