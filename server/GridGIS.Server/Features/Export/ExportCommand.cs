using GridGIS.Core.Export;
using GridGIS.Core.Privacy;
using GridGIS.Server.Data;
using GridGIS.Server.Http;

namespace GridGIS.Server.Features.Export;

/// <summary>
/// <c>export LAYER|RESULT [--format geojson|csv|shp|gpkg] [--out FILE] [--run ID|latest] [--category CODE]</c>: the same
/// files as <c>/api/export</c>, written to FILE (default: the layer's name and the format's extension in the current folder).
/// The command line is the operator's, who reads the database anyway: run results are not suppressed, as for an administrator.
/// </summary>
internal static class ExportCommand
{
    public const string Help = "export a collection or a run's result as a file: LAYER (streets, communities, grids, facilities, network, basemap) or " +
                               "RESULT (coverage_streets, coverage_communities, coverage_grids, gaps, facility_loads) [--format geojson|csv|shp|gpkg] " +
                               "[--out FILE] [--run ID|latest] [--category CODE]";

    public static async Task<int> RunAsync(string[] args)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
                   ?? throw new CliException("usage: export LAYER|RESULT [--format geojson|csv|shp|gpkg] [--out FILE] [--run ID|latest] [--category CODE]");
        if (!EnumText.TryParse(Cli.Option(args, "--format"), ExportFormat.Geojson, out var format))
            throw new CliException($"--format must be {EnumText.Allowed<ExportFormat>()}");
        await using var db = Database.Create(Database.ConnectionString());
        FileStream? file;
        ExportSchema schema;
        if (EnumText.TryParse(name, out ExportLayer? layer) && layer is { } l)
        {
            schema = ExportLayers.Of(l).Schema;
            file = await ExportFile.WriteAsync(format, schema, w => ExportLayers.WriteAsync(db, l, null, w, CancellationToken.None));
            if (file is null) throw new CliException($"{schema.Layer} has more than {ExportLayers.MaxFeatures} features");
        }
        else if (EnumText.TryParse(name, out ExportResult? result) && result is { } r)
        {
            schema = RunResultExport.Schema(r);
            var runText = Cli.Option(args, "--run") ?? "latest";
            if (!Coverage.CoverageApi.TryRunId(runText, out var runId)) throw new CliException($"--run must be a run id or 'latest', not '{runText}'");
            await using var cmd = db.CreateCommand(Sql.Get("Features/Coverage/GetCompleteRunId.sql"));
            cmd.Parameters.Add(new() { Value = (object?)runId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
            if (await cmd.ExecuteScalarAsync() is not long run) throw new CliException($"no complete coverage run {runText}");
            file = await ExportFile.WriteAsync(format, schema, async w =>
            {
                await RunResultExport.WriteAsync(db, r, run, Cli.Option(args, "--category"), Disclosure.Administrator, w, CancellationToken.None);
                return true;
            });
        }
        else throw new CliException($"unknown layer or result '{name}': {EnumText.Allowed<ExportLayer>()}; or {EnumText.Allowed<ExportResult>()}");

        var output = Cli.Option(args, "--out") ?? schema.Layer + FeatureFileWriter.Extension(format);
        await using (file)
        await using (var target = new FileStream(output, FileMode.Create, FileAccess.Write))
            await file!.CopyToAsync(target);
        Cli.Log($"exported {schema.Layer} as {EnumText.Name(format)} to {output} ({new FileInfo(output).Length} bytes)");
        return 0;
    }
}
