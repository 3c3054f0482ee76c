using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Core.Grids;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Households;
using NetTopologySuite.IO.Converters;
using Npgsql;

namespace GridGIS.Server.Features.Grids;

/// <summary>
/// Command-line verbs of the grids feature. Reports go to stdout as JSON (GeoJSON for topology);
/// progress and summaries go to stderr. The command line acts as an administrator (no suppression).
/// </summary>
internal static class GridsCommands
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // readable Chinese names on a terminal
        Converters = { new GeoJsonConverterFactory() },
    };

    public static void Register()
    {
        Cli.Add("assign", "assign households to grids: --all (recompute every household; default only those without a grid)", AssignAsync);
        Cli.Add("topology", "grid overlaps, gaps and overhangs as GeoJSON: --community CODE --min-area M2", TopologyAsync);
        Cli.Add("import-households", "import households from CSV (or a .zip Shapefile or .gpkg of points), all-or-nothing: FILE --crs WGS84|GCJ-02|BD-09 [--table NAME]", ImportAsync);
        Cli.Add("export-households", "export one grid's households as CSV: --grid CODE [--out FILE]", ExportAsync);
        Cli.Add("designation", "foreign-resident grid proposals: --min-foreign N (50) --min-share S (0.1)", DesignationAsync);
        Cli.Add("worker-match", "grids whose worker shares no language with their foreign residents: --all-grids", MatchAsync);
        Cli.Add("workload", "households per grid worker, over-limit workers, suggestions: --limit N (500)", WorkloadAsync);
    }

    private static NpgsqlDataSource Open() => Database.Create(Database.ConnectionString());

    private static async Task<int> AssignAsync(string[] args)
    {
        var all = args.Contains("--all");
        await using var db = Open();
        Cli.Log($"assigning {(all ? "every household" : "households without a grid")} (rule: lowest grid code on shared boundaries)");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = await HouseholdAssigner.AssignAuditedAsync(db, Audit.Actor(null), all, 20, CancellationToken.None);
        Cli.Log($"done in {started.Elapsed.TotalSeconds:F1} s: {r.Changed} household(s) changed grid, {r.UnassignedCount} in no grid");
        foreach (var h in r.UnassignedHouseholds.EnumerateArray())
            Cli.Log($"  in no grid: household {h.GetProperty("id")} at {h.GetProperty("lon")}, {h.GetProperty("lat")}");
        if (r.UnassignedCount > 20) Cli.Log($"  ... and {r.UnassignedCount - 20} more (GET /api/households/unassigned)");
        return 0;
    }

    private static async Task<int> TopologyAsync(string[] args)
    {
        await using var db = Open();
        int? communityId = null;
        if (Cli.Option(args, "--community") is { } code)
        {
            await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/FindCommunityByCode.sql"));
            cmd.Parameters.Add(new() { Value = code });
            communityId = await cmd.ExecuteScalarAsync() as int? ?? throw new CliException($"no community with code {code}");
        }
        var min = Cli.DoubleOption(args, "--min-area", GridTopologyCheck.DefaultMinAreaM2);
        if (min < 0) throw new CliException("--min-area is square metres >= 0");
        var report = (await TopologyReport.BuildAsync(db, communityId, min, Cli.Log, CancellationToken.None))!;
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        Cli.Log($"{report.Features.Count} problem(s) in {report.CommunitiesChecked} community(ies), {report.GridsChecked} grid(s): " +
                string.Join(", ", report.Features.GroupBy(f => f.Properties.Kind).Select(g => $"{g.Count()} {g.Key}")));
        return 0;
    }

    private static async Task<int> ImportAsync(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && a != Cli.Option(args, "--crs") && a != Cli.Option(args, "--table"))
                   ?? throw new CliException("name the CSV file: import-households FILE [--crs WGS84|GCJ-02|BD-09]");
        var crs = InputCrs.Wgs84;
        if (Cli.Option(args, "--crs") is { } c && !HouseholdCsv.TryParseCrs(c, out crs)) throw new CliException($"--crs is WGS84, GCJ-02 or BD-09, not '{c}'");
        string text;
        try
        {
            if (Import.ImportOptions.FormatOfFile(file) is { } f and (Core.Import.ImportFormat.Shapefile or Core.Import.ImportFormat.GeoPackage))
            {
                var (csv, fileErrors) = HouseholdFiles.ToCsv(await File.ReadAllBytesAsync(file), f, crs, Cli.Option(args, "--table"));
                foreach (var e in fileErrors.Take(100)) Console.Error.WriteLine($"{file}: record {e.Line - 2}: {e.Field}: {e.Message}");
                text = csv ?? throw new CliException($"{fileErrors.Count} problem(s) in {file}; nothing was written");
            }
            else text = await File.ReadAllTextAsync(file, new System.Text.UTF8Encoding(false, true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.DecoderFallbackException)
        { throw new CliException($"reading {file}: {e.Message}"); }
        var (rows, errors) = HouseholdCsv.Parse(text.TrimStart('\uFEFF'), crs);
        if (errors.Count > 0)
        {
            foreach (var e in errors.Take(100)) Console.Error.WriteLine($"{file}:{e.Line}: {e.Field}: {e.Message}");
            throw new CliException($"{errors.Count} problem(s) in {file}; nothing was written");
        }
        await using var db = Open();
        Cli.Log($"importing {rows.Count} households from {file}");
        var r = await HouseholdImport.WriteAsync(db, rows, Audit.Actor(null), $"cli:{Path.GetFileName(file)}", Import.ImportProgress.Lines(Cli.Log), CancellationToken.None);
        Cli.Log($"imported {r.Imported}; {r.Imported - r.UnassignedCount} assigned to grids, {r.UnassignedCount} in no grid");
        return 0;
    }

    private static async Task<int> ExportAsync(string[] args)
    {
        var code = Cli.Option(args, "--grid") ?? throw new CliException("--grid CODE is required");
        await using var db = Open();
        await using var cmd = db.CreateCommand(Sql.Get("Features/Grids/FindGridByCode.sql"));
        cmd.Parameters.Add(new() { Value = code });
        var id = await cmd.ExecuteScalarAsync() as int? ?? throw new CliException($"no grid with code {code}");
        var (csv, rows) = await HouseholdsApi.ExportCsvAsync(db, id, CancellationToken.None);
        await using (var conn = await db.OpenConnectionAsync())
            await Data.Audit.WriteAsync(conn, null, Data.Audit.Actor(null), "household.export", "grid",
                id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { gridId = id, gridCode = code, count = rows });
        if (Cli.Option(args, "--out") is { } path) { await File.WriteAllTextAsync(path, csv); Cli.Log($"wrote {path}"); }
        else Console.Write(csv);
        return 0;
    }

    private static async Task<int> DesignationAsync(string[] args)
    {
        var t = new DesignationReport.Thresholds((int)Cli.DoubleOption(args, "--min-foreign", ForeignResidentDesignation.DefaultMinForeignResidents),
            Cli.DoubleOption(args, "--min-share", ForeignResidentDesignation.DefaultMinForeignShare));
        if (t.MinForeignResidents < 1 || !(t.MinForeignShare is > 0 and <= 1)) throw new CliException("--min-foreign >= 1, --min-share in (0, 1]");
        await using var db = Open();
        var report = await DesignationReport.BuildAsync(db, t, suppress: false, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        Cli.Log($"{report.GridsChecked} grids: " + string.Join(", ", report.Proposals.GroupBy(p => p.Action).Select(g => $"{g.Count()} {g.Key}")));
        return 0;
    }

    private static async Task<int> MatchAsync(string[] args)
    {
        await using var db = Open();
        var report = await WorkerReports.MatchingAsync(db, !args.Contains("--all-grids"), WorkloadBalance.DefaultHouseholdLimit, false, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        Cli.Log($"{report.GridsChecked} grid(s) checked; {report.Grids.Count} without a worker who speaks their residents' languages");
        return 0;
    }

    private static async Task<int> WorkloadAsync(string[] args)
    {
        var limit = (long)Cli.DoubleOption(args, "--limit", WorkloadBalance.DefaultHouseholdLimit);
        if (limit < 1) throw new CliException("--limit is households per worker, >= 1");
        await using var db = Open();
        var report = await WorkerReports.WorkloadAsync(db, limit, false, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(report, Json));
        Cli.Log($"{report.Workers.Count} worker(s), {report.OverLimit.Count} over {limit} households, {report.Suggestions.Count} suggestion(s)");
        return 0;
    }
}
