package org.perturba.report;

import static org.perturba.report.Markup.escape;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.perturba.imaging.io.AtomicFiles;

/**
 * Builds one experiment report page: a single HTML file with inline CSS and no script or external
 * resource, so it opens from a file system, an archive or a mail attachment exactly as written.
 * Figures are the only other files: PNGs (and their SVGs) beside the page, referenced relatively.
 * All text is escaped here; callers pass plain text and numbers already formatted as they want them.
 *
 * <pre>{@code
 * new HtmlReport("FGSM on brain age")
 *         .heading("Robustness").paragraph("MAE rises with epsilon.")
 *         .table(List.of("epsilon", "MAE"), List.of(List.of("0", "3.1"), List.of("0.01", "7.9")))
 *         .figure("mae.png", "mae.svg", "MAE against epsilon")
 *         .finding(Finding.reproduced("Small perturbations raise MAE"))
 *         .footer("perturba 0.1.0, commit abc123")
 *         .write(Path.of("out/report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;\
            max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}
            h1{font-size:1.8rem;border-bottom:2px solid #0072B2;padding-bottom:.3rem}
            h2{font-size:1.3rem;margin-top:2rem}
            table{border-collapse:collapse;margin:1rem 0}
            th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
            th{background:#f2f2f2}
            td:first-child,th:first-child{text-align:left}
            figure{margin:1.5rem 0}
            figure img{max-width:100%;height:auto;border:1px solid #eee}
            figcaption{font-size:.9rem;color:#555}
            ul.findings{list-style:none;padding-left:0}
            ul.findings li{margin:.3rem 0}
            .mark{display:inline-block;min-width:8.5rem;font-weight:600;padding:0 .4rem;margin-right:.5rem;\
            border-radius:3px;font-size:.85rem;text-align:center}
            .reproduced .mark{background:#d8eefa;color:#0b4f7a}
            .not-reproduced .mark{background:#fbe3cc;color:#8a3b00}
            .inconclusive .mark,.not-measured .mark{background:#eee;color:#444}
            footer{margin-top:3rem;border-top:1px solid #ccc;font-size:.8rem;color:#666}
            """;

    private final String title;
    private final List<String> blocks = new ArrayList<>();
    private final List<Finding> pendingFindings = new ArrayList<>();
    private String footer;

    /** @param title the page title, shown in the browser tab and as the first heading */
    public HtmlReport(String title) {
        this.title = Objects.requireNonNull(title, "title");
    }

    /** A section heading. */
    public HtmlReport heading(String text) {
        return block("<h2>" + escape(text) + "</h2>");
    }

    /** A paragraph of plain text; line breaks in it are kept. */
    public HtmlReport paragraph(String text) {
        return block("<p>" + escape(text).replace("\n", "<br>\n") + "</p>");
    }

    /**
     * A table. Every row must have as many cells as the header: a ragged table is almost always a bug
     * in the caller's column bookkeeping, better caught than rendered.
     */
    public HtmlReport table(List<String> header, List<? extends List<String>> rows) {
        StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
        header.forEach(cell -> html.append("<th>").append(escape(cell)).append("</th>"));
        html.append("</tr></thead>\n<tbody>\n");
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException("row " + row + " has " + row.size() + " cells, the header "
                        + header.size());
            }
            html.append("<tr>");
            row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
            html.append("</tr>\n");
        }
        return block(html.append("</tbody>\n</table>").toString());
    }

    /**
     * A figure: the PNG shown, its SVG linked for print quality.
     *
     * @param pngPath path of the PNG relative to the page
     * @param svgPath path of the SVG relative to the page, or {@code null} for none
     */
    public HtmlReport figure(String pngPath, String svgPath, String caption) {
        StringBuilder html = new StringBuilder("<figure>\n<img src=\"").append(escape(relative(pngPath)))
                .append("\" alt=\"").append(escape(caption)).append("\">\n<figcaption>").append(escape(caption));
        if (svgPath != null) {
            html.append(" (<a href=\"").append(escape(relative(svgPath))).append("\">SVG</a>)");
        }
        return block(html.append("</figcaption>\n</figure>").toString());
    }

    /** A finding; consecutive findings form one list. */
    public HtmlReport finding(Finding finding) {
        pendingFindings.add(Objects.requireNonNull(finding, "finding"));
        return this;
    }

    /** Several findings in one list. */
    public HtmlReport findings(List<Finding> findings) {
        findings.forEach(this::finding);
        return this;
    }

    /** Provenance at the foot of the page (versions, commit, command line, date); replaces any earlier one. */
    public HtmlReport footer(String text) {
        this.footer = text;
        return this;
    }

    /** The complete page. */
    public String toHtml() {
        flushFindings();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<h1>").append(escape(title)).append("</h1>\n");
        blocks.forEach(block -> html.append(block).append('\n'));
        if (footer != null) {
            html.append("<footer><p>").append(escape(footer).replace("\n", "<br>\n")).append("</p></footer>\n");
        }
        return html.append("</body>\n</html>\n").toString();
    }

    /** Writes the page atomically (see {@link AtomicFiles}). */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, toHtml());
    }

    private HtmlReport block(String html) {
        flushFindings();
        blocks.add(html);
        return this;
    }

    private void flushFindings() {
        if (pendingFindings.isEmpty()) {
            return;
        }
        StringBuilder html = new StringBuilder("<ul class=\"findings\">\n");
        for (Finding finding : pendingFindings) {
            html.append("<li class=\"").append(finding.status().id()).append("\"><span class=\"mark\">").append(finding.status().mark())
                    .append("</span>").append(escape(finding.text())).append("</li>\n");
        }
        blocks.add(html.append("</ul>").toString());
        pendingFindings.clear();
    }

    /** Refuses absolute paths and URLs: the page must stay valid when its folder moves. */
    private static String relative(String path) {
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            throw new IllegalArgumentException("figure paths must be relative to the page: " + path);
        }
        return path.replace(" ", "%20");
    }
}
