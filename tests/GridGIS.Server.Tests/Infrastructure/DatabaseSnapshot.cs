using Npgsql;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// Row count and checksum of every table in the public schema: md5 over the sorted md5 of each row's
/// text. Two snapshots that are equal mean no row was added, removed or changed.
/// </summary>
public static class DatabaseSnapshot
{
    public static async Task<SortedDictionary<string, string>> TakeAsync(NpgsqlDataSource db, params string[] except)
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
            await using var cmd = db.CreateCommand(
                $"select count(*) || ':' || coalesce(md5(string_agg(h, '' order by h)), '-') from (select md5(x::text) h from {t} x) s");
            result[t] = (string)(await cmd.ExecuteScalarAsync())!;
        }
        return result;
    }
}
