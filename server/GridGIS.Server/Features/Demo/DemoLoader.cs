using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridGIS.Core.Demo;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Demo;

/// <summary>
/// Generates the Chaoyang demo (GridGIS.Core.Demo) and loads it with binary COPY in one transaction, replacing
/// the demo loaded before. Skipped when dataset_meta 'demo' already records the same scale, seed and generator
/// version (unless forced).
/// </summary>
internal static class DemoLoader
{
    /// <param name="scale">share of the published population, in (0, 1]</param>
    public static async Task LoadAsync(NpgsqlDataSource db, double scale, int seed, bool force, Action<string> log, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!(scale > 0 && scale <= 1)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be in (0, 1]");
        var before = await ReadMetaAsync(db, ct);
        if (!force && before is not null && (double?)before["scale"] == scale && (long?)before["seed"] == seed
            && (string?)before["generatorVersion"] == DemoDataset.GeneratorVersion)
        {
            log($"demo already loaded (scale {scale}, seed {seed}, generator {DemoDataset.GeneratorVersion}); --force reloads it");
            return;
        }

        var clock = Stopwatch.StartNew();
        log($"generating the Chaoyang demo at scale {scale}, seed {seed}");
        var data = DemoRealRoads.Apply(ChaoyangDemo.Generate(PublishedFiles.Tables(), scale, (ulong)seed, log), log);
        var generated = clock.Elapsed;
        log($"generated in {generated.TotalSeconds:F1} s");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await DeleteOldAsync(conn, tx, before, data, ct);
        log($"old demo rows deleted ({clock.Elapsed.TotalSeconds:F1} s)");
        var ids = await NextIdsAsync(conn, tx, ct);
        foreach (var category in data.Categories) await UpsertCategoryAsync(conn, tx, category, ct);
        await DemoCopy.WriteAllAsync(conn, data, ids, log, ct);
        await using (var reset = new NpgsqlCommand(Sql.Get("Features/Demo/ResetDemoSequences.sql"), conn, tx)) await reset.ExecuteNonQueryAsync(ct);

        var meta = new JsonObject
        {
            ["scale"] = scale, ["seed"] = seed, ["generatorVersion"] = DemoDataset.GeneratorVersion,
            ["households"] = data.Households.Count, ["residents"] = data.Households.Sum(h => (long)h.Residents),
            ["foreignResidents"] = data.Households.Sum(h => (long)h.ForeignResidents),
            ["streetCodes"] = new JsonArray(data.Streets.Select(s => (JsonNode)s.Code).ToArray()),
            ["workerIds"] = Range(ids.Worker, data.Workers.Count), ["edgeIds"] = Range(ids.Edge, data.Edges.Count),
            ["nodeIds"] = Range(ids.Node, data.Nodes.Count),
            ["note"] = "generated demo: only street_published_population holds published figures (data/README.md)",
        };
        await using (var save = new NpgsqlCommand(Sql.Get("Features/Demo/SaveDemoMeta.sql"), conn, tx))
        {
            save.Parameters.Add(new() { Value = meta.ToJsonString() });
            await save.ExecuteNonQueryAsync(ct);
        }
        await Audit.WriteAsync(conn, tx, $"cli:{Environment.UserName}", "demo.load", "dataset_meta", "demo", before, meta, ct);
        await tx.CommitAsync(ct);
        log($"demo loaded: {data.Households.Count} households, {data.Grids.Count} grids, {data.Nodes.Count} walk nodes; " +
            $"generation {generated.TotalSeconds:F1} s, load {(clock.Elapsed - generated).TotalSeconds:F1} s");
    }

    private static JsonArray Range(long first, int count) => new(first, first + count - 1);

    private static async Task<JsonObject?> ReadMetaAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Features/Demo/ReadDemoMeta.sql"));
        return await cmd.ExecuteScalarAsync(ct) is string text ? JsonNode.Parse(text) as JsonObject : null;
    }

    private static async Task DeleteOldAsync(NpgsqlConnection conn, NpgsqlTransaction tx, JsonObject? before, DemoDataset data, CancellationToken ct)
    {
        long From(string key) => before?[key] is JsonArray a ? (long)a[0]! : 0;
        long To(string key) => before?[key] is JsonArray a ? (long)a[1]! : -1;
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Demo/DeleteDemo.sql"), conn, tx);
        cmd.Parameters.AddWithValue("codes", data.Streets.Select(s => s.Code).ToArray());
        cmd.Parameters.AddWithValue("worker_from", (int)From("workerIds"));
        cmd.Parameters.AddWithValue("worker_to", (int)To("workerIds"));
        cmd.Parameters.AddWithValue("edge_from", From("edgeIds"));
        cmd.Parameters.AddWithValue("edge_to", To("edgeIds"));
        cmd.Parameters.AddWithValue("node_from", From("nodeIds"));
        cmd.Parameters.AddWithValue("node_to", To("nodeIds"));
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<DemoIds> NextIdsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Demo/NextDemoIds.sql"), conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new DemoIds(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt64(4), r.GetInt32(5), r.GetInt64(6), r.GetInt64(7));
    }

    private static async Task UpsertCategoryAsync(NpgsqlConnection conn, NpgsqlTransaction tx, DemoCategory c, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Demo/UpsertCategory.sql"), conn, tx);
        cmd.Parameters.Add(new() { Value = c.Code });
        cmd.Parameters.Add(new() { Value = c.NameZh });
        cmd.Parameters.Add(new() { Value = c.NameEn });
        cmd.Parameters.Add(new() { Value = (decimal)c.WalkMinutes });
        cmd.Parameters.Add(new() { Value = c.WalkMetres is { } m ? (decimal)m : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Numeric });
        cmd.Parameters.Add(new() { Value = (decimal)c.WalkSpeedKmh });
        cmd.Parameters.Add(new() { Value = c.LanguageApplies });
        await cmd.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The first id each table's demo rows take (database ids = first + list index).</summary>
internal sealed record DemoIds(int Street, int Community, int Worker, int Grid, long Household, int Facility, long Node, long Edge);
