using Npgsql;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// Row count and checksum of every table in the public schema: md5 over the sorted md5 of each row's
/// text. Two snapshots that are equal mean no row was added, removed or changed by a request.
/// Rows that the in-process Hangfire server writes on its own (coverage runs started at start-up or by
/// the nightly schedule, their results and audit rows) are left out, so that a snapshot does not change
/// under a test that sent nothing; a run a request started (trigger 'api:...') still counts. Runs that earlier
/// tests started and left running can be left out too: <see cref="LastRunIdAsync"/> before, and only later runs count.
/// </summary>
public static class DatabaseSnapshot
{
    /// <summary>Per table, the rows that count (a SQL condition on alias x); tables not listed count whole.</summary>
    private static readonly Dictionary<string, string> Counted = new()
    {
        ["coverage_run"] = "x.trigger like 'api:%' and x.id > $1",
        ["coverage_part"] = "x.run_id in (select id from coverage_run where trigger like 'api:%' and id > $1)",
        ["coverage_unit_result"] = "x.run_id in (select id from coverage_run where trigger like 'api:%' and id > $1)",
        ["coverage_facility_load"] = "x.run_id in (select id from coverage_run where trigger like 'api:%' and id > $1)",
        ["coverage_gap"] = "x.run_id in (select id from coverage_run where trigger like 'api:%' and id > $1)",
        // A read of personal data writes its own audit row (Data/Audit.cs): that row records the read, it changes no data.
        ["audit_log"] = "x.actor not in ('startup', 'nightly', 'cli') and x.action not in ('household.list', 'household.read', 'household.moves', 'household.export', 'household.unassigned')",
    };

    public static Task<SortedDictionary<string, string>> TakeAsync(NpgsqlDataSource db, params string[] except) => TakeAsync(db, 0, except);

    /// <summary>The newest coverage run's id (0 for none): pass it to <see cref="TakeAsync(NpgsqlDataSource, long, string[])"/>.</summary>
    public static async Task<long> LastRunIdAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("select coalesce(max(id), 0) from coverage_run");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>A snapshot in which only coverage runs after <paramref name="runsAfter"/> count (earlier tests' runs may still be working).</summary>
    public static async Task<SortedDictionary<string, string>> TakeAsync(NpgsqlDataSource db, long runsAfter, params string[] except)
    {
        var tables = new List<string>();
        await using (var cmd = db.CreateCommand(
            "select quote_ident(table_name) from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tables.Where(t => !except.Contains(t)))
        {
            // Table names come from the catalogue (quote_ident), never from a request.
            var where = Counted.TryGetValue(t, out var w) ? " where " + w : "";
            await using var cmd = db.CreateCommand(
                $"select count(*) || ':' || coalesce(md5(string_agg(h, '' order by h)), '-') from (select md5(x::text) h from {t} x{where}) s");
            if (where.Contains("$1", StringComparison.Ordinal)) cmd.Parameters.Add(new() { Value = runsAfter });
            result[t] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        return result;
    }

    /// <summary>Fails naming every table whose rows differ between two snapshots (count:md5 before and after).</summary>
    public static void AssertSame(SortedDictionary<string, string> before, SortedDictionary<string, string> after)
    {
        var changed = before.Keys.Union(after.Keys)
            .Where(t => before.GetValueOrDefault(t) != after.GetValueOrDefault(t))
            .Select(t => $"{t}: {before.GetValueOrDefault(t) ?? "(none)"} -> {after.GetValueOrDefault(t) ?? "(none)"}").ToList();
        Assert.True(changed.Count == 0, "the database changed: " + string.Join("; ", changed));
    }
}
