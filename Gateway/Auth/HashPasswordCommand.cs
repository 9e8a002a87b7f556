namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// <c>hash-password</c>: reads a password from standard input (one line; typed without echo at a terminal) and prints
/// its hash for <c>Auth__Users__{n}__PasswordHash</c>. The password never goes on the command line, where shell
/// history and process listings would keep it.
/// </summary>
public static class HashPasswordCommand
{
    public const string Name = "hash-password";

    public const int MinPasswordLength = 8;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (args.Length > 0)
        {
            await error.WriteLineAsync($"hash-password: takes no arguments; give the password on standard input, e.g. printf '%s' \"$PASSWORD\" | … {Name}").ConfigureAwait(false);
            return 2;
        }
        var password = interactive ? await ReadHiddenAsync(error).ConfigureAwait(false) : await input.ReadLineAsync().ConfigureAwait(false);
        if (password is null || password.Length < MinPasswordLength)
        {
            await error.WriteLineAsync($"hash-password: the password must have at least {MinPasswordLength} characters.").ConfigureAwait(false);
            return 2;
        }
        await output.WriteLineAsync(PasswordHashing.Hash(password)).ConfigureAwait(false);
        return 0;
    }

    private static async Task<string> ReadHiddenAsync(TextWriter prompt)
    {
        await prompt.WriteAsync("Password: ").ConfigureAwait(false);
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }
        await prompt.WriteLineAsync().ConfigureAwait(false);
        return typed.ToString();
    }
}
