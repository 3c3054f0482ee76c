using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Security;

/// <summary>
/// Command-line verbs for accounts and API keys. Passwords never come from the command line (it is
/// visible in the process list and shell history): from <c>GRIDGIS_NEW_PASSWORD</c>, else one line of
/// standard input, else typed at a hidden prompt. Keys are printed once, on standard output.
/// <code>
///   account add NAME ROLE | account password NAME | account list
///   apikey create NAME [--label TEXT] | apikey revoke PREFIX | apikey rotate PREFIX | apikey list [NAME]
/// </code>
/// </summary>
internal static class SecurityCommands
{
    public const int MinPasswordLength = PasswordStrength.MinLength;

    public static void Register()
    {
        Cli.Add("account", "accounts: add NAME ROLE | password NAME | revoke-tokens NAME | list (password from GRIDGIS_NEW_PASSWORD or stdin)", AccountAsync);
        Cli.Add("apikey", "API keys: create NAME [--label TEXT] | revoke PREFIX | rotate PREFIX | list [NAME]", ApiKeyAsync);
    }

    private static async Task<int> AccountAsync(string[] args)
    {
        await using var db = Database.Create(Database.ConnectionString());
        switch (args)
        {
            case ["add", var name, var role]:
                CheckName(name);
                if (!Roles.All.Contains(role)) throw new CliException($"unknown role '{role}'; one of {string.Join(", ", Roles.All)}");
                if (await RoleOfAsync(db, name) is not null) throw new CliException($"account {name} exists; use 'account password {name}'");
                await SaveAsync(db, name, role, ReadPassword(name), "create");
                Cli.Log($"created account {name} ({role})");
                return 0;
            case ["password", var name]:
                var current = await RoleOfAsync(db, name) ?? throw new CliException($"no account named '{name}'");
                await SaveAsync(db, name, current, ReadPassword(name), "reset-password");
                Cli.Log($"password of {name} reset; its failed sign-ins are forgotten");
                return 0;
            case ["revoke-tokens", var name]:
                if (!await TokenRevocation.RevokeAsync(db, TimeProvider.System, Audit.Actor(null), name, "revoke-tokens")) throw new CliException($"no account named '{name}'");
                Cli.Log($"every bearer token of {name} issued until now is revoked (API keys: apikey revoke)");
                return 0;
            case ["list"]:
                await using (var cmd = db.CreateCommand(Sql.Get("Security/ListAccounts.sql")))
                await using (var r = await cmd.ExecuteReaderAsync())
                    while (await r.ReadAsync())
                        Console.WriteLine($"{r.GetString(0),-24} {r.GetString(1),-14} {(r.IsDBNull(2) ? "" : "locked until " + r.GetFieldValue<DateTime>(2).ToString("u"))}");
                return 0;
            default:
                throw new CliException("usage: account add NAME ROLE | account password NAME | account revoke-tokens NAME | account list");
        }
    }

    private static async Task<int> ApiKeyAsync(string[] args)
    {
        await using var db = Database.Create(Database.ConnectionString());
        var actor = Audit.Actor(null);
        switch (args)
        {
            case ["create", var name, ..]:
                var created = await ApiKeys.CreateAsync(db, actor, name, Cli.Option(args, "--label") ?? "")
                              ?? throw new CliException($"no account named '{name}'");
                Console.WriteLine(created.Key);
                Cli.Log($"created API key {created.Prefix} for {name}; the key above is shown only this once");
                return 0;
            case ["revoke", var prefix]:
                if (!await ApiKeys.RevokeAsync(db, actor, prefix)) throw new CliException($"no live API key with prefix '{prefix}'");
                Cli.Log($"revoked API key {prefix}");
                return 0;
            case ["rotate", var prefix]:
                var old = (await ApiKeys.ListAsync(db, null)).FirstOrDefault(k => k.Prefix == prefix && k.RevokedAt is null)
                          ?? throw new CliException($"no live API key with prefix '{prefix}'");
                var fresh = await ApiKeys.CreateAsync(db, actor, old.UserName, old.Label)
                            ?? throw new CliException($"account {old.UserName} no longer exists");
                await ApiKeys.RevokeAsync(db, actor, prefix);
                Console.WriteLine(fresh.Key);
                Cli.Log($"API key {prefix} replaced by {fresh.Prefix} for {old.UserName}; the old key no longer works");
                return 0;
            case ["list", ..]:
                foreach (var k in await ApiKeys.ListAsync(db, args.Length > 1 ? args[1] : null))
                    Console.WriteLine($"{k.Prefix}  {k.UserName,-20} {(k.RevokedAt is null ? "live   " : "revoked")}  {k.CreatedAt:u}  {k.Label}");
                return 0;
            default:
                throw new CliException("usage: apikey create NAME [--label TEXT] | apikey revoke PREFIX | apikey rotate PREFIX | apikey list [NAME]");
        }
    }

    private static void CheckName(string name)
    {
        if (!ApiKeysApi.UserNamePattern().IsMatch(name)) throw new CliException($"user name '{name}' must be 2-64 characters a-z 0-9 _ . -");
    }

    private static async Task<string?> RoleOfAsync(NpgsqlDataSource db, string name)
    {
        await using var cmd = db.CreateCommand(Sql.Get("Security/GetAccountRole.sql"));
        cmd.Parameters.Add(new() { Value = name });
        return await cmd.ExecuteScalarAsync() as string;
    }

    /// <summary>Creates or updates the account and writes the audit row in one transaction; no hash in the log.</summary>
    private static async Task SaveAsync(NpgsqlDataSource db, string name, string role, string password, string action)
    {
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var cmd = new NpgsqlCommand(Sql.Get("Security/SaveAccountPassword.sql"), conn, tx))
        {
            cmd.Parameters.Add(new() { Value = name });
            cmd.Parameters.Add(new() { Value = role });
            cmd.Parameters.Add(new() { Value = PasswordHash.Hash(password) });
            await cmd.ExecuteNonQueryAsync();
        }
        await using (var clear = new NpgsqlCommand(Sql.Get("Security/ClearAccountSignInFailures.sql"), conn, tx))
        {
            clear.Parameters.Add(new() { Value = name });
            await clear.ExecuteNonQueryAsync();
        }
        await Audit.WriteAsync(conn, tx, Audit.Actor(null), action, "app_user", name, null, new { userName = name, role });
        await tx.CommitAsync();
    }

    private static string ReadPassword(string userName)
    {
        var password = Environment.GetEnvironmentVariable("GRIDGIS_NEW_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            if (Console.IsInputRedirected) password = Console.In.ReadLine();
            else
            {
                Console.Error.Write("new password: ");
                var chars = new List<char>();
                for (var k = Console.ReadKey(intercept: true); k.Key != ConsoleKey.Enter; k = Console.ReadKey(intercept: true))
                    if (k.Key == ConsoleKey.Backspace) { if (chars.Count > 0) chars.RemoveAt(chars.Count - 1); }
                    else chars.Add(k.KeyChar);
                Console.Error.WriteLine();
                password = new string([.. chars]);
            }
        }
        if (PasswordStrength.Problem(password, userName) is { } weak)
            throw new CliException($"{weak} (from GRIDGIS_NEW_PASSWORD or standard input)");
        return password!;
    }
}
