using Npgsql;

namespace GridGIS.Server.Data;

/// <summary>Builds the one <see cref="NpgsqlDataSource"/> of the process, with NetTopologySuite types.</summary>
internal static class Database
{
    /// <summary>
    /// The connection string: configuration <c>ConnectionStrings:GridGIS</c>, else <c>GRIDGIS_DB_CS</c>
    /// (set by the scripts, names the database), else <c>GRIDGIS_DB</c>.
    /// </summary>
    public static string ConnectionString(IConfiguration? config = null)
    {
        var cs = config?.GetConnectionString("GridGIS")
                 ?? Environment.GetEnvironmentVariable("GRIDGIS_DB_CS")
                 ?? Environment.GetEnvironmentVariable("GRIDGIS_DB");
        if (string.IsNullOrWhiteSpace(cs))
            throw new InvalidOperationException(
                "no database configured: set GRIDGIS_DB (an Npgsql connection string) or run through scripts/run");
        return cs;
    }

    public static NpgsqlDataSource Create(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseNetTopologySuite();
        builder.ConnectionStringBuilder.CommandTimeout = Math.Max(builder.ConnectionStringBuilder.CommandTimeout, 300);
        return builder.Build();
    }
}
