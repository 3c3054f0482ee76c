using System.Collections.Frozen;
using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// The <c>data_change</c> counters (migrations 0011, 0017) in memory, so that a tile's ETag costs no database round
/// trip. One connection per process LISTENs on channel <c>data_change</c>, which the counters' trigger notifies in the
/// writer's transaction (delivered at commit): on each notice, and every <c>Tiles:VersionPollSeconds</c> (default 30)
/// as a fallback, the counters are read again (one query over a few rows). Listening starts before the first read, so
/// no committed write is missed; while the connection is down the counters are read from the database on every call,
/// as before. A write thus changes a layer's version in every server process a few milliseconds after it commits.
/// </summary>
internal sealed class DataVersions(NpgsqlDataSource db, IConfiguration config, ILogger<DataVersions> log) : BackgroundService
{
    private readonly TimeSpan _poll = TimeSpan.FromSeconds(Math.Clamp(config.GetValue("Tiles:VersionPollSeconds", 30.0), 0.1, 86_400));
    private volatile FrozenDictionary<string, long>? _versions;

    /// <summary>Whether the counters are served from memory (the listening connection is up).</summary>
    public bool Listening => _versions is not null;

    /// <summary>The version of data read from <paramref name="tables"/>: their counters, as one text ("street.12-community.3").</summary>
    public async ValueTask<string> VersionAsync(string[] tables, CancellationToken ct)
    {
        if (_versions is { } v)
            return string.Join('-', tables.Order(StringComparer.Ordinal).Select(t => $"{t}.{v.GetValueOrDefault(t)}"));
        await using var cmd = db.CreateCommand(Sql.Get("Features/Ogc/GetLayerVersion.sql"));
        cmd.Parameters.Add(new() { Value = tables, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        return await cmd.ExecuteScalarAsync(ct) as string ?? "0";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand("listen data_change", conn)) await listen.ExecuteNonQueryAsync(stoppingToken);
                await ReadAsync(conn, stoppingToken);
                // A notice or the poll interval: read the counters again (several notices in a row are read once each; they are few).
                while (!stoppingToken.IsCancellationRequested)
                {
                    await conn.WaitAsync(_poll, stoppingToken);
                    await ReadAsync(conn, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or System.IO.IOException or TimeoutException)
            {
                _versions = null;
                log.LogWarning(e, "listening for data changes (channel data_change) failed; reading versions from the database until it is back");
                try { await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken); } catch (OperationCanceledException) { }
            }
        }
        _versions = null;
    }

    private async Task ReadAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        var versions = new Dictionary<string, long>();
        await using var cmd = new NpgsqlCommand(Sql.Get("Features/Ogc/ListDataVersions.sql"), conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) versions[r.GetString(0)] = r.GetInt64(1);
        _versions = versions.ToFrozenDictionary();
    }
}
