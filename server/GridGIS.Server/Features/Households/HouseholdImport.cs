using System.Text.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Grids;
using GridGIS.Server.Features.Import;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Households;

/// <summary>
/// Writes validated household rows in one transaction: binary COPY into a temporary table, one
/// insert into <c>household</c>, automatic assignment of the new rows (same rule as everywhere),
/// one audit row. Either everything is written or nothing.
/// </summary>
internal static class HouseholdImport
{
    public sealed record Result(int Imported, long Assigned, long UnassignedCount, JsonElement UnassignedHouseholds);

    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static async Task<Result> WriteAsync(NpgsqlDataSource db, IReadOnlyList<HouseholdRow> rows, string actor, string source,
        ImportProgress progress, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(Sql.Get("Features/Households/CreateHouseholdImport.sql"), conn, tx))
            await create.ExecuteNonQueryAsync(ct);

        await using (var copy = await conn.BeginBinaryImportAsync(Sql.Get("Features/Households/CopyHouseholdImport.sql"), ct))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Line, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync((Geometry)Wgs84.CreatePoint(new Coordinate(r.Lon, r.Lat)), ct);
                if (r.Address is null) await copy.WriteNullAsync(ct); else await copy.WriteAsync(r.Address, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Residents, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(r.ForeignResidents, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(JsonSerializer.Serialize(r.Nationalities), NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(r.Generated, NpgsqlDbType.Boolean, ct);
                if ((i + 1) % 20_000 == 0) progress.Step(10, 70, i + 1, rows.Count, $"copied {i + 1} of {rows.Count} rows");
            }
            await copy.CompleteAsync(ct);
        }

        long[] ids;
        await using (var insert = new NpgsqlCommand(Sql.Get("Features/Households/InsertImportedHouseholds.sql"), conn, tx))
            ids = (long[])(await insert.ExecuteScalarAsync(ct))!;
        progress.Report(80, $"inserted {ids.Length} households; assigning them to grids");

        var assigned = await HouseholdAssigner.AssignAsync(conn, tx, all: true, ids, HouseholdAssigner.MaxListed, ct);
        await Audit.WriteAsync(conn, tx, actor, "household.import", "household", null, null,
            new { source, rows = ids.Length, firstId = ids.FirstOrDefault(), lastId = ids.LastOrDefault(), unassigned = assigned.UnassignedCount }, ct);
        await tx.CommitAsync(ct);
        progress.Report(100, $"done: {ids.Length} households imported, {assigned.UnassignedCount} in no grid");
        return new Result(ids.Length, assigned.Changed, assigned.UnassignedCount, assigned.UnassignedHouseholds);
    }
}
