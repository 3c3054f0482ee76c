using System.Globalization;
using Npgsql;

namespace GridGIS.Server.Data;

/// <summary>
/// Applies the numbered, forward-only scripts in Data/Migrations once each, in order, each in its own
/// transaction, under an advisory lock so that two processes starting together do not race. A script
/// numbered below the highest applied one is refused before anything runs: on a database migrated
/// past it, it would run after its successors, on a new one before them.
/// </summary>
internal static class Migrator
{
    private const long LockKey = 0x6772_6964_6769_73; // "gridgis"

    /// <summary>One script: its number (the file name's first four digits), file name and text.</summary>
    public sealed record Script(int Version, string Name, string Text);

    /// <summary>The embedded scripts of Data/Migrations, in number order.</summary>
    public static IReadOnlyList<Script> Embedded() =>
        [.. Sql.Folder("Data/Migrations").Where(f => f.Name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(f => new Script(int.Parse(f.Name[..4], CultureInfo.InvariantCulture), f.Name, f.Text))
            .OrderBy(s => s.Version)];

    public static Task<int> MigrateAsync(NpgsqlDataSource db, Action<string>? log = null, CancellationToken ct = default) =>
        MigrateAsync(db, Embedded(), log, ct);

    /// <summary>Applies those of <paramref name="scripts"/> not applied yet; returns how many.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource db, IReadOnlyList<Script> scripts, Action<string>? log = null, CancellationToken ct = default)
    {
        if (scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new InvalidOperationException($"migrations {string.Join(" and ", twice.Select(s => s.Name))} have the same number {twice.Key:0000}");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand(Sql.Get("Data/LockMigrations.sql"), conn) { Parameters = { new() { Value = LockKey } } })
            await cmd.ExecuteNonQueryAsync(ct);
        try
        {
            await using (var cmd = new NpgsqlCommand(Sql.Get("Data/CreateMigrationTable.sql"), conn))
                await cmd.ExecuteNonQueryAsync(ct);
            var applied = new Dictionary<int, string>();
            await using (var cmd = new NpgsqlCommand(Sql.Get("Data/ListAppliedMigrations.sql"), conn))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0), r.GetString(1));

            var pending = scripts.Where(s => !applied.ContainsKey(s.Version)).OrderBy(s => s.Version).ToList();
            if (applied.Count > 0 && pending.Count > 0)
            {
                var highest = applied.Keys.Max();
                var late = pending.Where(s => s.Version < highest).ToList();
                if (late.Count > 0)
                    throw new InvalidOperationException(
                        $"migration {string.Join(", ", late.Select(s => s.Name))} is numbered below {applied[highest]}, the highest applied to this database: " +
                        $"migrations are forward-only, so renumber it above {highest:0000}; nothing was applied");
            }

            foreach (var script in pending)
            {
                log?.Invoke($"applying migration {script.Name}");
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    await using (var cmd = new NpgsqlCommand(script.Text, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                    await using (var cmd = new NpgsqlCommand(Sql.Get("Data/RecordMigration.sql"), conn, tx)
                                 { Parameters = { new() { Value = script.Version }, new() { Value = script.Name } } })
                        await cmd.ExecuteNonQueryAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"migration {script.Name} failed: {e.MessageText} (at {e.Position})", e);
                }
            }
            // Types created by migrations (postgis) must be known to this data source's connections.
            await conn.ReloadTypesAsync(ct);
            return pending.Count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand(Sql.Get("Data/UnlockMigrations.sql"), conn) { Parameters = { new() { Value = LockKey } } };
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
