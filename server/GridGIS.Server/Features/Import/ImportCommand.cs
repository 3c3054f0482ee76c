using GridGIS.Core.Import;
using GridGIS.Server.Data;

namespace GridGIS.Server.Features.Import;

/// <summary>
/// <c>import LAYER FILE [--crs wgs84|gcj02|bd09] [--table NAME] [--replace]</c>: the same import as the API, from a
/// file (.geojson/.json, .csv, .zip holding a Shapefile, or .gpkg). Progress goes to stderr; on rejection every error is listed and the
/// exit code is 2.
/// </summary>
internal static class ImportCommand
{
    public const string Help = "import a layer file (.geojson, .csv, .zip Shapefile, .gpkg): LAYER FILE [--crs wgs84|gcj02|bd09] [--table NAME] [--replace]; " +
                               "LAYER is streets, communities, grids, facilities or network";

    public static async Task<int> RunAsync(string[] args)
    {
        var positional = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || args[i - 1] is not ("--crs" or "--table"))).ToArray();
        if (positional.Length != 2) throw new CliException("usage: import LAYER FILE [--crs wgs84|gcj02|bd09] [--table NAME] [--replace]");
        var (layerName, path) = (positional[0], positional[1]);
        if (!ImportOptions.TryLayer(layerName, out var layer))
            throw new CliException($"unknown layer '{layerName}'; one of {string.Join(", ", ImportOptions.LayerNames)}");
        if (!ImportOptions.TryCrs(Cli.Option(args, "--crs"), out var crs)) throw new CliException("--crs must be wgs84, gcj02 or bd09");
        var format = ImportOptions.FormatOfFile(path)
                     ?? throw new CliException($"cannot tell the format of '{path}': name it .geojson, .json, .csv, .zip (a Shapefile) or .gpkg");
        var table = Cli.Option(args, "--table");
        if (table is not null && !ImportOptions.IsTableName(table)) throw new CliException($"--table '{table}' is not a table or file name");
        var limits = ImportLimits.Default;
        var info = new FileInfo(path);
        if (!info.Exists) throw new CliException($"no file '{path}'");
        if (info.Length > limits.MaxBytes) throw new CliException($"'{path}' has {info.Length} bytes; at most {limits.MaxBytes} per import, split it");
        var content = await File.ReadAllBytesAsync(path);

        await using var db = Database.Create(Database.ConnectionString());
        var request = new ImportRequest(layer, format, crs, args.Contains("--replace") ? ImportMode.Replace : ImportMode.Append,
            content, info.Name, Audit.Actor(null), table);
        var outcome = await LayerImport.RunAsync(db, request, limits, ImportProgress.Lines(Cli.Log), CancellationToken.None);
        if (outcome.Applied) return 0;
        await Console.Error.WriteLineAsync($"gridgis import: {outcome.Title}: {outcome.ErrorCount} error(s); nothing was written");
        foreach (var e in outcome.Errors) await Console.Error.WriteLineAsync($"  {e}");
        if (outcome.ErrorCount > outcome.Errors.Count)
            await Console.Error.WriteLineAsync($"  ... and {outcome.ErrorCount - outcome.Errors.Count} more");
        return 2;
    }
}
