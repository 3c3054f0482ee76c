namespace GridGIS.Server.Security;

/// <summary>
/// Which passwords are refused wherever one is set (the account verbs, <see cref="Accounts.UpsertAsync"/>,
/// the demo accounts): fewer than <see cref="MinLength"/> characters, or a zxcvbn score (0-4, the
/// estimated guesses on a log scale, with the user name as a known word) below <see cref="MinScore"/>.
/// "aaaaaaaaaaaa", "password1234" and twelve spaces are all 12 characters long and all refused.
/// </summary>
internal static class PasswordStrength
{
    public const int MinLength = 12;
    public const int MinScore = 3;

    /// <summary>Null when <paramref name="password"/> may be used, else why not with the estimator's
    /// estimate; never the password itself.</summary>
    public static string? Problem(string? password, string? userName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength) return $"the password must have at least {MinLength} characters";
        var result = Zxcvbn.Zxcvbn.MatchPassword(password, userName is null ? [] : [userName]);
        if (result.Score >= MinScore) return null;
        return $"the password is too easy to guess (strength {result.Score} of 4, at least {MinScore} needed; it would take {result.CrackTimeDisplay} to crack): " +
               "use a longer passphrase of unrelated words, not a repeated character, a dictionary word with digits, or the user name";
    }
}
