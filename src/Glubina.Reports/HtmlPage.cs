using System.Globalization;
using Glubina.Data.Inspection;
using Glubina.Diagnostics;
using Glubina.Metrics;

namespace Glubina.Reports;

/// <summary>Lays out report.html: a header, a table of contents, then the sections that have data — data,
/// splits, preprocessing, architecture, training curves, evaluation, overfitting diagnosis, performance, and the
/// extra sections. Inline CSS only; no script, no external URL.</summary>
internal static class HtmlPage
{
    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;color:#1f2328;background:#f6f8fa}
        main{max-width:1000px;margin:0 auto;padding:24px}
        header{border-bottom:2px solid #d0d7de;margin-bottom:16px}
        h1{margin:0 0 4px 0;font-size:1.8em} h2{border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .meta{color:#59636e;margin:0 0 12px 0}
        nav a{margin-right:12px;color:#0969da;text-decoration:none}
        section{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:8px 20px 16px 20px;margin:16px 0}
        table{border-collapse:collapse;margin:8px 0} th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left}
        th{background:#f6f8fa} td.num{text-align:right;font-variant-numeric:tabular-nums}
        pre{background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:10px;overflow-x:auto;font-size:0.85em}
        figure{display:inline-block;margin:8px 12px 8px 0;vertical-align:top} img{max-width:100%;border:1px solid #d0d7de}
        details{margin:8px 0} summary{cursor:pointer;color:#0969da}
        figcaption{color:#59636e;font-size:0.9em;max-width:720px} .file{color:#8c959f}
        .verdict{font-size:1.05em;padding:8px 12px;border-left:4px solid #0969da;background:#f6f8fa}
        """;

    public static string Render(RunReport report, IReadOnlyList<ReportPlot> training, IReadOnlyList<ReportPlot> evaluation)
    {
        var sections = new List<(string Id, string Heading, Action<Html> Body)>();
        if (report.DataSummary.Count > 0)
            sections.Add(("data", "Data", h => h.Table(["", "value"], report.DataSummary.Select(kv => (IReadOnlyList<string>)[kv.Key, kv.Value]))));
        if (report.DataInspection is { } inspection)
            sections.Add(("inspection", "Data inspection", h => Inspection(h, inspection)));
        if (report.SplitSizes is { } splits)
            sections.Add(("splits", "Splits", h => Splits(h, splits)));
        if (report.Preprocessing.Count > 0)
            sections.Add(("preprocessing", "Preprocessing", h => List(h, report.Preprocessing)));
        if (!string.IsNullOrWhiteSpace(report.ArchitectureSummary))
            sections.Add(("architecture", "Architecture", h => h.Element("pre", report.ArchitectureSummary)));
        if (training.Count > 0 || report.History is { Count: > 0 })
            sections.Add(("training", "Training curves", h => Training(h, report, training)));
        if (report.TestMetrics is { Count: > 0 } || evaluation.Count > 0 || report.ConfusionMatrix is not null)
            sections.Add(("evaluation", "Evaluation", h => Evaluation(h, report, evaluation)));
        if (!string.IsNullOrWhiteSpace(report.OverfittingDiagnosis))
            sections.Add(("diagnosis", "Overfitting diagnosis", h => h.Element("p", report.OverfittingDiagnosis, "verdict")));
        if (HasPerformance(report))
            sections.Add(("performance", "Performance and size", h => Performance(h, report)));
        for (int i = 0; i < report.ExtraSections.Count; i++)
        {
            ReportSection extra = report.ExtraSections[i];
            sections.Add(($"extra-{i + 1}", extra.Title, h => h.Element(extra.Preformatted ? "pre" : "p", extra.Body)));
        }

        var page = new Html();
        page.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Element("title", report.Title)
            .Raw("<style>\n").Raw(Css).Raw("</style>\n</head>\n<body>\n<main>\n<header>\n")
            .Element("h1", report.Title);
        string meta = string.Join(" · ", new[]
        {
            report.Task is null ? null : "task: " + report.Task,
            "written " + report.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            "Glubina",
        }.Where(s => s is not null));
        page.Element("p", meta, "meta").Raw("<nav>");
        foreach (var (id, heading, _) in sections)
            page.Raw($"<a href=\"#{id}\">").Raw(Html.Encode(heading)).Raw("</a>");
        page.Raw("</nav>\n</header>\n");
        foreach (var (id, heading, body) in sections)
        {
            page.Section(id, heading);
            body(page);
            page.EndSection();
        }
        page.Raw("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    private static void Inspection(Html h, DataInspection inspection)
    {
        if (inspection.Warnings.Count == 0)
            h.Element("p", "No warnings: no constant, identifier-like, leaking, mostly-missing or high-cardinality column was found.");
        else
            List(h, inspection.Warnings.Select(w => w.Message));
        h.Raw("<details><summary>Column statistics</summary>\n");
        h.Element("pre", inspection.ToString());
        h.Raw("</details>\n");
    }

    private static void Splits(Html h, SplitSizes s)
    {
        string Share(int n) => s.Total == 0 ? "" : (100.0 * n / s.Total).ToString("0.0", CultureInfo.InvariantCulture) + "%";
        h.Table(["split", "rows", "share"],
        [
            ["train", N(s.Train), Share(s.Train)],
            ["validation", N(s.Validation), Share(s.Validation)],
            ["test", N(s.Test), Share(s.Test)],
            ["total", N(s.Total), s.Total == 0 ? "" : "100.0%"],
        ]);
    }

    private static void List(Html h, IEnumerable<string> lines)
    {
        h.Raw("<ul>\n");
        foreach (string line in lines)
            h.Element("li", line);
        h.Raw("</ul>\n");
    }

    private static void Training(Html h, RunReport report, IReadOnlyList<ReportPlot> plots)
    {
        var history = report.History!;
        h.Element("p", $"{history.Count} epoch(s) recorded.");
        foreach (ReportPlot plot in plots)
            h.Figure(plot);
        if (history.Count == 0)
            return;
        // The numbers behind the curves, folded away (a details element needs no script).
        var keys = history.Keys;
        h.Raw("<details><summary>Values per epoch</summary>\n");
        h.Table(["epoch", .. keys], Enumerable.Range(0, history.Count).Select(e => (IReadOnlyList<string>)
            [N(e + 1), .. keys.Select(k => history.Epochs[e].TryGetValue(k, out double v) ? Number(v) : "")]));
        h.Raw("</details>\n");
    }

    private static void Evaluation(Html h, RunReport report, IReadOnlyList<ReportPlot> plots)
    {
        if (report.TestMetrics is { Count: > 0 } metrics)
        {
            h.Element("h3", "Test metrics");
            h.Table(["metric", "value"], metrics.Select(kv => (IReadOnlyList<string>)[kv.Key, Number(kv.Value)]));
        }
        if (report.ConfusionMatrix is { NumClasses: > 0 } matrix)
        {
            string[] names = PlotRenderer.ClassNames(matrix, report.ClassLabels);
            h.Element("h3", "Per-class scores");
            h.Element("pre", matrix.Report(targetNames: PresentNames(matrix, names)).ToText(digits: 3));
            if (matrix.NumClasses <= 20)
            {
                h.Element("h3", "Confusion matrix (rows: true class, columns: predicted class)");
                h.Table(["true \\ predicted", .. names], Enumerable.Range(0, matrix.NumClasses).Select(i =>
                    (IReadOnlyList<string>)[names[i], .. Enumerable.Range(0, matrix.NumClasses).Select(j => N(matrix[i, j]))]));
            }
        }
        else if (report.ClassLabels is { Count: > 0 } labels)
        {
            h.Element("p", "Classes: " + string.Join(", ", labels));
        }
        if (report.BinaryTrue is not null && !ReportWriter.HasBothClasses(report))
            h.Element("p", "ROC and precision-recall curves are left out: the evaluated data holds only one class.");
        foreach (ReportPlot plot in plots)
            h.Figure(plot);
    }

    // The report covers the labels that occur, so the names must be of those labels only.
    private static string[] PresentNames(ConfusionMatrix matrix, string[] names)
    {
        long[] present = matrix.PresentLabels();
        return present.Select(label => names[matrix.Labels.ToList().IndexOf(label)]).ToArray();
    }

    private static bool HasPerformance(RunReport r) =>
        r.ThroughputSamplesPerSecond is not null || r.LatencyMs is { Count: > 0 } || r.Profile is not null || r.ModelSizeBytes is not null;

    private static void Performance(Html h, RunReport report)
    {
        ProfileResult? profile = report.Profile;
        var rows = new List<IReadOnlyList<string>>();
        double? throughput = report.ThroughputSamplesPerSecond ?? profile?.Best.SamplesPerSecond;
        if (throughput is double t)
            rows.Add(["throughput", t.ToString("N0", CultureInfo.InvariantCulture) + " samples/s"
                + (report.ThroughputSamplesPerSecond is null && profile is not null ? $" (batch size {profile.Best.BatchSize})" : "")]);
        var latency = new SortedDictionary<int, double>();
        if (profile is not null)
        {
            foreach (BatchProfile b in profile.Batches)
                latency[b.BatchSize] = b.MedianMs;
        }
        if (report.LatencyMs is not null)
        {
            foreach (var (batch, ms) in report.LatencyMs)
                latency[batch] = ms;
        }
        foreach (var (batch, ms) in latency)
            rows.Add([$"inference latency, batch {batch}", ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms (median)"]);
        if (report.ModelSizeBytes is long size)
            rows.Add(["model file size", $"{Bytes(size)} ({size.ToString("N0", CultureInfo.InvariantCulture)} bytes)"]);
        if (profile is not null)
        {
            rows.Add(["parameters", $"{profile.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} ({Bytes(profile.ParameterBytes)} in memory)"]);
            rows.Add(["peak tensor memory", Bytes(profile.PeakTensorBytes)]);
            rows.Add(["kernel threads", N(profile.Threads)]);
        }
        h.Table(["measure", "value"], rows);
        if (profile is not null)
        {
            h.Element("h3", $"Forward time per layer (batch size {profile.LayerBatchSize})");
            h.Table(["layer", "type", "output shape", "time (ms)", "share"], profile.Layers.Select(l => (IReadOnlyList<string>)
            [
                l.Name, l.Type, "[" + string.Join(", ", l.OutputShape) + "]",
                l.Milliseconds.ToString("0.000", CultureInfo.InvariantCulture),
                (100 * l.Share).ToString("0.0", CultureInfo.InvariantCulture) + "%",
            ]));
        }
    }

    private static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Number(double v) => double.IsFinite(v) && Math.Abs(v) >= 1e5
        ? v.ToString("N2", CultureInfo.InvariantCulture)
        : v.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };
}
