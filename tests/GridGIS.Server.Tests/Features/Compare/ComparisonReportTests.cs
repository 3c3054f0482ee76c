using System.Diagnostics;
using System.Globalization;
using System.Net;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;
using SkiaSharp;

namespace GridGIS.Server.Tests.Features.Compare;

/// <summary>
/// The officials' report (issue 17): the PDF's text, read back by poppler's pdftotext, holds what a filed report
/// needs (title, category and threshold, the run and its time in the city's time zone, the 2010 published rows,
/// sources, legend, scale bar, north arrow, page numbers) in either language, with the privacy rule's dashes for an
/// official and numbers for an administrator; the PNG has the same pages. Copies go to artifacts/reports.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ComparisonReportTests(PostgisFixture fx)
{
    private async Task<object?> ScalarAsync(string sql, params object?[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Two streets: a with 40 households (80 residents), b with 3 (a small unit) and a published 2010 row; one category at 300 m; a complete run.</summary>
    private async Task<(string Codes, string Category, long Run, DateTimeOffset Finished)> SeedAsync()
    {
        var n = Random.Shared.Next(100, 999);
        var (ca, cb) = ($"990810{n}", $"990811{n}");
        var ids = new List<int>();
        foreach (var (code, lon) in new[] { (ca, 116.70), (cb, 116.72) })
            ids.Add((int)(await ScalarAsync("""
                insert into street (code, name_zh, name_en, geom)
                values ($1, '报告' || $1, 'Report ' || $1, st_multi(st_makeenvelope($2, 40.90, $2 + 0.01, 40.91, 4326))) returning id
                """, code, lon))!);
        await ScalarAsync("""
            insert into household (geom, residents, foreign_residents, street_id, generated)
            select st_setsrid(st_makepoint($2 + i * 0.0001, 40.905), 4326), 2, 1, $3, true from generate_series(1, $1) i
            """, 40, 116.701, ids[0]);
        await ScalarAsync("""
            insert into household (geom, residents, foreign_residents, street_id, generated)
            select st_setsrid(st_makepoint($2 + i * 0.0001, 40.905), 4326), 4, 0, $3, true from generate_series(1, $1) i
            """, 3, 116.721, ids[1]);
        await ScalarAsync("""
            insert into street_published_population (street_id, source, year, registered_total, registered_local, registered_elsewhere_in_beijing,
                   migrant_total, migrant_with_permit, migrant_without_permit, foreign_residents, total)
            values ($1, 'Report test table 1 (2010)', 2010, 15000, 10000, 5000, 6543, 6543, 0, 321, 21543)
            """, ids[1]);
        var category = $"rp_{Guid.NewGuid():N}"[..12];
        await ScalarAsync("insert into facility_category (code, name_zh, name_en, walk_metres) values ($1, '报告类', 'Report category', 300)", category);
        await ScalarAsync("insert into facility (category_code, name, geom, street_id) values ($1, 'f', st_setsrid(st_makepoint(116.703, 40.903), 4326), $2)", category, ids[0]);
        var run = (long)(await ScalarAsync("""
            insert into coverage_run (parameters, mode, trigger, state, progress, created_at, started_at, finished_at)
            values ('{}', 'network', 'test', 'complete', 100, now(), now(), now()) returning id
            """))!;
        await ScalarAsync("""
            insert into coverage_unit_result (run_id, category_code, level, unit_id, households, households_covered, residents, residents_covered, foreign_residents, foreign_covered)
            values ($1, $2, 'street', $3, 40, 30, 80, 60, 40, 30), ($1, $2, 'street', $4, 3, 1, 12, 4, 0, 0)
            """, run, category, ids[0], ids[1]);
        await ScalarAsync("""
            insert into coverage_gap (run_id, category_code, gap_no, geom, area_m2, households, households_not_covered, residents, foreign_residents)
            values ($1, $2, 1, st_makeenvelope(116.705, 40.90, 116.715, 40.91, 4326), 1, 10, 10, 20, 10)
            """, run, category);
        var finished = (DateTime)(await ScalarAsync("select finished_at from coverage_run where id = $1", run))!;
        return ($"{ca},{cb}", category, run, new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh")]
    public async Task Pdf_HoldsTitleCategoryRunPublishedRowsAndSources_WithWithheldFiguresForOfficial(string lang)
    {
        var (codes, category, run, finished) = await SeedAsync();
        var official = await fx.ClientAsAsync(Roles.Official);
        var response = await official.GetAsync($"/api/compare.pdf?streets={codes}&lang={lang}&category={category}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        var text = PdfText(pdf, $"report-official-{lang}");
        var local = TimeZoneInfo.ConvertTime(finished, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var en = lang == "en";
        foreach (var expected in new[]
                 {
                     en ? "Street comparison" : "街道对比",
                     en ? "Report category (within a 300 m walk)" : "报告类（步行300米以内）",
                     en ? $"Coverage run #{run}, finished {local} UTC+08:00" : $"覆盖分析批次 #{run}，完成于 {local} UTC+08:00",
                     en ? "Residents (published 2010)" : "常住人口（2010年公布）", "21,543", "321", "1.49%",   // published figures as published
                     "Report test table 1 (2010)",                                                          // the source named
                     en ? "Foreign-resident grid" : "涉外网格", en ? "Service gap: Report category" : "服务缺口：报告类",
                     en ? "N" : "北", en ? "page 1 of" : "第 1 ",   // 页 comes out as the radical ⻚, which NFKC keeps
                     en ? "Privacy: figures of units under 5 households are withheld" : "隐私保护",
                 })
            Assert.Contains(expected.Normalize(System.Text.NormalizationForm.FormKC), text);
        Assert.Matches(@"\d+(\.\d)? k?m", text);   // the scale bar's length
        Assert.Contains("75.00%", text);           // street a: 60 of 80 residents covered, shown as on screen
        // Street b (3 households) shows no count to an official: its households row reads 40 for a and a dash for b.
        Assert.Matches(en ? @"Households\s+40\s+–" : @"数\s+40\s+–", text);
    }

    [Fact]
    public async Task Pdf_ShowsSmallUnitFiguresToAdministrator_AndPngHasThePages()
    {
        var (codes, category, _, _) = await SeedAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var text = PdfText(await admin.GetByteArrayAsync($"/api/compare.pdf?streets={codes}&lang=en&category={category}"), "report-admin-en");
        Assert.Matches(@"Households\s+40\s+3\b", text);

        var png = await admin.GetByteArrayAsync($"/api/compare.png?streets={codes}&lang=zh&category={category}");
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(842 * 2, bitmap.Width);
        Assert.True(bitmap.Height >= 595 * 2, $"one A4 landscape page at least, not {bitmap.Height} px");
        // The first map panel (top left, below the title) is drawn: the gap colour appears in it.
        var gap = new SKColor(GridGIS.Render.MapStyles.GapColor);
        var gapPixels = 0;
        for (var y = 140; y < 600; y += 2)
        for (var x = 64; x < 500; x += 2)
            if (Near(bitmap.GetPixel(x, y), gap)) gapPixels++;
        Assert.True(gapPixels > 50, $"the gap is drawn on the first map ({gapPixels} pixels)");
        Save(png, "report-admin-zh.png");
    }

    [Theory]
    [InlineData("lang=fr", "lang")]
    [InlineData("category=no_such_category", "category")]
    public async Task Report_AnswersProblem_WhenParameterIsBad(string query, string parameter)
    {
        var (codes, _, _, _) = await SeedAsync();
        var response = await (await fx.ClientAsAsync(Roles.Official)).GetAsync($"/api/compare.pdf?streets={codes}&{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"parameter\":\"{parameter}\"", await response.Content.ReadAsStringAsync());
    }

    private static bool Near(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) < 40 && Math.Abs(a.Green - b.Green) < 40 && Math.Abs(a.Blue - b.Blue) < 40;

    private static string Artifacts()
    {
        var root = Environment.GetEnvironmentVariable("GRIDGIS_ROOT") ?? Path.GetTempPath();
        var dir = Path.Combine(root, "artifacts", "reports");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Save(byte[] bytes, string name) => File.WriteAllBytes(Path.Combine(Artifacts(), name), bytes);

    /// <summary>
    /// The PDF's text in reading layout (poppler's pdftotext, as any PDF reader extracts it); page 1 also as a PNG for people
    /// to look at. Noto Sans CJK draws some ideographs and the en dash with glyphs it shares with Kangxi radicals (比 with ⽐)
    /// and the figure dash, and Skia's text layer names the first code point of a shared glyph, so the text is compared
    /// after NFKC (which maps the Kangxi radicals back, not the supplement's ⻚ for 页 or ⼾ for 户) with figure dashes read as en dashes.
    /// </summary>
    private static string PdfText(byte[] pdf, string name)
    {
        var file = Path.Combine(Artifacts(), name + ".pdf");
        File.WriteAllBytes(file, pdf);
        Run("pdftoppm", "-png", "-r", "110", "-f", "1", "-l", "1", "-singlefile", file, Path.Combine(Artifacts(), name));
        return Run("pdftotext", "-layout", "-enc", "UTF-8", file, "-").Normalize(System.Text.NormalizationForm.FormKC).Replace('\u2012', '–');
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start (poppler-utils: scripts/test installs it)");
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(); throw new TimeoutException($"{program} ran over 60 s"); }
        Assert.True(p.ExitCode == 0, $"{program} failed: {error.Result}");
        return output.Result;
    }
}
