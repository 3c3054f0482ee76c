using System.Security.Cryptography;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Import;

/// <summary>One import: the file, its layer and format, the CRS of its coordinates, and who sends it.</summary>
/// <param name="Table">a Shapefile's name in a zip of several, or a GeoPackage's feature table; null when the file has one</param>
internal sealed record ImportRequest(ImportLayer Layer, ImportFormat Format, InputCrs Crs, ImportMode Mode,
    ReadOnlyMemory<byte> Content, string FileName, string Actor, string? Table = null);

/// <summary>Rows written by an import, per table.</summary>
internal sealed record ImportCounts(string Table, long Inserted, long Updated, long Deleted, long NodesInserted, long NodesDeleted);

/// <summary>
/// What an import did: <see cref="Counts"/> when it was applied, else <see cref="Errors"/> (the first
/// ones; <see cref="ErrorCount"/> in all) with the HTTP status that fits: 400 when the file cannot be
/// read, 422 when it can but its content is wrong, 409 when it clashes with a concurrent change.
/// </summary>
internal sealed record ImportOutcome(int Status, string Title, IReadOnlyList<ImportError> Errors, int ErrorCount, ImportCounts? Counts,
    int Features, string Sha256)
{
    public bool Applied => Counts is not null;
}

/// <summary>
/// Runs an import end to end: read and validate the whole file (Core), then in one transaction stage
/// the rows with binary COPY, run the checks that need stored data, write, and log one audit row.
/// Any error rolls everything back: nothing is written, not even the audit row.
/// </summary>
internal static class LayerImport
{
    /// <summary>How far a facility may lie outside every street, metres (digitising slack).</summary>
    public const double FacilityToleranceMetres = 10;
    /// <summary>Largest share of a community's (grid's) area allowed outside its street (community).</summary>
    public const double OutsideShare = 0.01;

    public static async Task<ImportOutcome> RunAsync(NpgsqlDataSource db, ImportRequest req, ImportLimits limits,
        ImportProgress progress, CancellationToken ct)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(req.Content.Span));
        var errors = new ImportErrorList(limits.MaxErrors);
        progress.Report(0, $"reading {req.FileName} ({req.Content.Length} bytes, {req.Format}, {req.Crs})");
        IReadOnlyList<SourceFeature> features = [];
        ImportBatch batch;
        try
        {
            features = ImportFile.Read(req.Content, req.Format, limits, errors, req.Crs, req.Table);
            if (errors.Any) return Rejected(400, "The file cannot be read", errors, features.Count, sha);
            progress.Report(15, $"read {features.Count} features; validating");
            batch = LayerValidator.Validate(req.Layer, features, req.Crs, errors);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NetTopologySuite.Geometries.TopologyException)
        {
            // The readers report what they know; anything they did not foresee in untrusted input is still the file's fault.
            errors.Add(null, null, "file", $"the file could not be processed ({e.GetType().Name}: {e.Message})");
            return Rejected(400, "The file cannot be read", errors, features.Count, sha);
        }
        if (errors.Any) return Rejected(422, "The file has invalid features", errors, features.Count, sha);
        progress.Report(30, $"{batch.Count} features valid; checking against the database");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await Exec(conn, tx, "LockImport", [], ct);
            var writer = new ImportWriter(conn, tx, req, progress);
            var checkErrors = await writer.StageAndCheckAsync(batch, ct);
            foreach (var e in checkErrors) errors.Add(e.Feature, e.Feature is { } f ? batch.Lines[f] : null, e.Field, e.Message);
            if (errors.Any)
            {
                await tx.RollbackAsync(ct);
                return Rejected(422, "The file does not fit the stored data", errors, features.Count, sha);
            }
            progress.Report(75, "checked against the stored data; writing");
            var counts = await writer.ApplyAsync(batch, ct);
            progress.Report(95, "written; committing");
            await Audit.WriteAsync(conn, tx, req.Actor, "import", counts.Table, null, null, new
            {
                layer = req.Layer.ToString().ToLowerInvariant(), mode = req.Mode.ToString().ToLowerInvariant(),
                crs = req.Crs.ToString().ToLowerInvariant(), format = req.Format.ToString().ToLowerInvariant(),
                file = req.FileName, table = req.Table, sha256 = sha, bytes = req.Content.Length, features = features.Count,
                inserted = counts.Inserted, updated = counts.Updated, deleted = counts.Deleted,
                nodesInserted = counts.NodesInserted, nodesDeleted = counts.NodesDeleted,
            }, ct);
            await tx.CommitAsync(ct);
            progress.Report(100, $"done: {counts.Inserted} inserted, {counts.Updated} updated, {counts.Deleted} deleted in {counts.Table}" +
                     (req.Layer == ImportLayer.Network ? $"; {counts.NodesInserted} nodes added" : ""));
            return new ImportOutcome(200, "Imported", [], 0, counts, features.Count, sha);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ForeignKeyViolation
                                              or PostgresErrorCodes.CheckViolation or PostgresErrorCodes.NotNullViolation
                                              or PostgresErrorCodes.InternalError)
        {
            // The checks above should catch these; a concurrent change, a rule only PostGIS knows (st_isvalid)
            // or a GEOS failure comparing two valid but awkward geometries (XX000) can still land here.
            await tx.RollbackAsync(CancellationToken.None);
            var status = e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.InternalError ? 422 : 409;
            errors.Add(null, null, e.ConstraintName ?? e.TableName ?? "database",
                $"the database refused the import ({e.MessageText}{(e.Detail is null ? "" : "; " + e.Detail)}) while writing {req.Layer.ToString().ToLowerInvariant()}");
            return Rejected(status, "The database refused the import", errors, features.Count, sha);
        }
    }

    private static ImportOutcome Rejected(int status, string title, ImportErrorList errors, int features, string sha) =>
        new(status, title, errors.Errors, errors.Total, null, features, sha);

    internal static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string query, object[] args, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, query, args);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    internal static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string query, object[] args)
    {
        var cmd = new NpgsqlCommand(Sql.Get($"Features/Import/{query}.sql"), conn, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return cmd;
    }
}
