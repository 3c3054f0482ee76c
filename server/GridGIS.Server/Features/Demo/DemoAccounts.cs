using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Npgsql;

namespace GridGIS.Server.Features.Demo;

/// <summary>
/// One demo account per role, created at first start. Passwords come from GRIDGIS_ADMIN_PASSWORD,
/// GRIDGIS_PLANNER_PASSWORD, GRIDGIS_OFFICIAL_PASSWORD, GRIDGIS_WORKER_PASSWORD when set; otherwise
/// they are generated, printed once, and kept in demo-accounts.txt (mode 600) in the state folder.
/// </summary>
internal static class DemoAccounts
{
    public static readonly (string User, string Role, string EnvVar)[] Accounts =
    [
        ("admin", Roles.Administrator, "GRIDGIS_ADMIN_PASSWORD"),
        ("planner", Roles.Planner, "GRIDGIS_PLANNER_PASSWORD"),
        ("official", Roles.Official, "GRIDGIS_OFFICIAL_PASSWORD"),
        ("worker", Roles.GridWorker, "GRIDGIS_WORKER_PASSWORD"),
    ];

    public static async Task EnsureAsync(NpgsqlDataSource db, string stateDir, Action<string> log, CancellationToken ct = default)
    {
        var file = Path.Combine(stateDir, "demo-accounts.txt");
        var saved = File.Exists(file)
            ? File.ReadAllLines(file).Select(l => l.Split(' ', 3)).Where(p => p.Length == 3).ToDictionary(p => p[0], p => p[2])
            : new Dictionary<string, string>();
        var lines = new List<string>();
        var printed = false;
        foreach (var (user, role, envVar) in Accounts)
        {
            var fromEnv = Environment.GetEnvironmentVariable(envVar);
            await using var exists = db.CreateCommand(Sql.Get("Features/Demo/AccountExists.sql"));
            exists.Parameters.Add(new() { Value = user });
            var present = await exists.ExecuteScalarAsync(ct) is not null;
            if (!string.IsNullOrEmpty(fromEnv))
            {
                await Security.Accounts.UpsertAsync(db, user, role, fromEnv, ct);
                continue;
            }
            if (present && saved.TryGetValue(user, out var kept)) { lines.Add($"{user} {role} {kept}"); continue; }
            if (present) continue; // created elsewhere; its password is not ours to know
            var password = PasswordHash.NewSecret(12);
            await Security.Accounts.UpsertAsync(db, user, role, password, ct);
            lines.Add($"{user} {role} {password}");
            log($"created demo account {user} ({role}) with password {password}");
            printed = true;
        }
        if (lines.Count > 0)
        {
            File.WriteAllLines(file, lines);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (printed) log($"demo account passwords are kept in {file} (readable by its owner only)");
        }
    }
}
