using Npgsql;

namespace GridGIS.Server.Data;

/// <summary>
/// Applies the numbered, forward-only scripts in Data/Migrations once each, in order, each in its own
/// transaction, under an advisory lock so that two processes starting together do not race.
/// </summary>
internal static class Migrator
{
    private const long LockKey = 0x6772_6964_6769_73; // "gridgis"

    public static async Task<int> MigrateAsync(NpgsqlDataSource db, Action<string>? log = null, CancellationToken ct = default)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand(Sql.Get("Data/LockMigrations.sql"), conn) { Parameters = { new() { Value = LockKey } } })
            await cmd.ExecuteNonQueryAsync(ct);
        try
        {
            await using (var cmd = new NpgsqlCommand(Sql.Get("Data/CreateMigrationTable.sql"), conn))
                await cmd.ExecuteNonQueryAsync(ct);
            var applied = new HashSet<int>();
            await using (var cmd = new NpgsqlCommand(Sql.Get("Data/ListAppliedMigrations.sql"), conn))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) applied.Add(r.GetInt32(0));

            var count = 0;
            foreach (var (name, text) in Sql.Folder("Data/Migrations"))
            {
                if (!name.EndsWith(".sql", StringComparison.Ordinal)) continue;
                var version = int.Parse(name[..4], System.Globalization.CultureInfo.InvariantCulture);
                if (applied.Contains(version)) continue;
                log?.Invoke($"applying migration {name}");
                await using var tx = await conn.BeginTransactionAsync(ct);
                try
                {
                    await using (var cmd = new NpgsqlCommand(text, conn, tx)) await cmd.ExecuteNonQueryAsync(ct);
                    await using (var cmd = new NpgsqlCommand(Sql.Get("Data/RecordMigration.sql"), conn, tx)
                                 { Parameters = { new() { Value = version }, new() { Value = name } } })
                        await cmd.ExecuteNonQueryAsync(ct);
                    await tx.CommitAsync(ct);
                }
                catch (PostgresException e)
                {
                    throw new InvalidOperationException($"migration {name} failed: {e.MessageText} (at {e.Position})", e);
                }
                count++;
            }
            // Types created by migrations (postgis) must be known to this data source's connections.
            await conn.ReloadTypesAsync(ct);
            return count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand(Sql.Get("Data/UnlockMigrations.sql"), conn) { Parameters = { new() { Value = LockKey } } };
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
