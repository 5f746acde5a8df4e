/** 各命令的 --help 文本（简体中文），自成一表，translate.ts 仅在显示帮助时构建；选项名、配置键和状态词保持英文，与命令行一致。 */
import type { HelpKey } from './help-en.js';

export const helpZhCN = (): Record<HelpKey, string> => ({
  'help.usage': `用法：ntp-monitor <命令> [选项]

命令：
  check [SERVER...]   查询服务器一次，按监控插件的约定以状态码退出（0/1/2/3）
  watch               持续监视服务器直到停止：日志行、webhook 告警、Prometheus 指标
  history             以 CSV 或 JSON 行输出 watch --history 记录的内容
  help [COMMAND]      显示帮助
  --version           显示版本

运行 "ntp-monitor <命令> --help" 查看该命令的选项。
`,
  'help.check': `用法：ntp-monitor check [SERVER...] [-H HOST]... [-p PORT] [-w RANGE] [-c RANGE] [-t SECONDS] [-q] [-4|-6]
                         [--min-servers N] [--unreachable critical|warning|unknown] [--samples N]
                         [--max-stratum N] [--max-root-distance S] [--ca FILE] [--daemon D] [--json] [-v] [-V] [-h]

同时查询每个 SERVER，报告其时钟相对本机的偏差。有 3 台或更多服务器应答时，还会指出哪些服务器
一致（truechimer）、哪些不一致（falseticker），以及本机时钟与它们的共识相差多少。它接受
check_ntp_time 的选项，可以原样替换它。
未指定 SERVER 时，检查本机配置使用的服务器（chrony、ntpd、timesyncd、Windows；'pool' 行视为
pool://NAME）；不足 3 台且没有服务器池时，依次加入 nts://time.cloudflare.com、nts://nts.netnod.se
和 nts://ptbtime1.ptb.de，直到有 3 台。最后一行说明这些服务器的来源。

SERVER, -H, --host HOST
             主机、主机:端口、IPv4（192.0.2.1、192.0.2.1:123）、IPv6（::1、[::1]:123），或
             nts://主机[:端口]，以 NTS 认证方式检查（端口：NTS 密钥交换端口，默认 4460），或
             pool://名称[:端口]：该名称最多 4 个地址，各自作为一台服务器检查。
             -H 可重复使用，也可与 SERVER 混用。
-p, --port PORT
             未写端口的普通服务器使用的 NTP 端口（默认 123）
-w, --warning RANGE
             |偏差|（秒）落在 RANGE 之外时为 WARNING（默认 0.1：超过 0.1 秒）
-c, --critical RANGE
             |偏差|（秒）落在 RANGE 之外时为 CRITICAL（默认 1）
             RANGE 按 Monitoring Plugins 的定义：10（超过 10 告警）、10:（低于 10）、~:10（超过 10）、
             10:20（在 10 到 20 之外）、@10:20（在 10 到 20 之内）；可用小数。两个都是普通数字时，
             critical 须不小于 warning。
-t, --timeout SECONDS
             每个应答最多等待的时间（0.1-60；默认 5）。100 或更大的数按毫秒读取，即旧版本的单位
             （100-60000）。
-q, --quiet  应答但没有可用时间的服务器（未同步、Kiss-o'-Death）为 UNKNOWN，而非不可达
             （与 check_ntp_time -q 相同）
--min-servers N
             给出偏差的服务器少于 N 台时为 CRITICAL（1-100；默认 1）；若每台失败的服务器都是
             UNKNOWN（-q、--unreachable unknown、地址错误），则为 UNKNOWN
--unreachable critical|warning|unknown
             每台没有给出时间的服务器（无应答、端口关闭、未同步、KoD）所加的状态
             （默认 warning：其他应答足够时仍判断时钟；该服务器会被点名）
--samples N  每台服务器发送 N 个请求，间隔 2 秒，保留延迟最小的一个（1-8；默认 4，
             与 check_ntp_time 相同；1 表示只发一个）。第一个应答缺失或有误的服务器不再发送
             后续请求；检查一台正常的服务器约需 6 秒
--max-stratum N
             层级（stratum）高于 N 的服务器为 WARNING，且不参与投票（1-15；默认不限）
--max-root-distance S
             根距离超过 S 秒的服务器为 WARNING，且不参与投票（0.001-16；
             默认 1.5，即 RFC 5905 的 MAXDIST）
-4, --ipv4, -6, --ipv6
             主机名只解析为该地址族（普通 NTP 服务器）
--ca FILE    另外信任此 PEM 格式的 CA 来验证 NTS 服务器证书（公共根证书仍然受信任）
--daemon D   同时读取本机的时间服务并与共识交叉核对：auto（默认：依次为 Windows 上的 Windows 时间服务
             或 macOS 上的 timed、127.0.0.1:323 上的 chronyd、127.0.0.1:123 上的 ntpd、systemd-timesyncd
             中第一个有应答的）、none、chrony[=HOST[:PORT]]（其命令端口，默认 323）、ntpd[=HOST[:PORT]]
             （mode 6，默认 123）、timesyncd（D-Bus，经 busctl）、kernel（adjtimex 状态，经 adjtimex 或
             ntptime）、w32time（Windows 时间服务，经 w32tm /query /status /verbose）或 timed（macOS：
             用 sntp 测量其服务器；仅用替身程序测试过）。其结论：
             agrees、disagrees、follows-falseticker、not-synchronized、stale、
             unreachable（未运行、被拒绝……）、unchecked（没有可比较的共识）
--json       输出一个 JSON 对象：state、summary、verdict、daemon 和 servers 数组（每台服务器一个对象）
-v, --verbose
             为兼容 check_ntp_time 的命令行而接受；第一行之后总会输出详细信息
-V, --version
             显示版本
-h, --help   显示此帮助

服务器偏差带符号，为服务器减本机：服务器超前时为正（与 ntpdate 和 check_ntp_time 的输出一致）。
对本机的结论用文字表述，例如“本机慢 2.500 秒（4 台服务器中 3 台一致）”。在 --json 中，
consensusOffsetMs 与 offsetMs 符号相同：服务器超前时为正；daemon 的 offsetMs 也一样：时间服务认为
本机落后时为正。
第一行是插件状态行：NTP <STATE>: 最严重的原因在前，附带其服务器 | 性能数据（状态词保持英文，便于解析）。
性能数据：一台服务器时，先是 offset=SECONDS;W;C;，与 check_ntp_time 相同，然后是 delay 和 stratum
（有 2 个或更多有效应答时还有 jitter）；多台时，offset 为共识（有共识时），然后是 offset_<server>、
delay_<server>……，服务器名中字母和数字以外的字符都写作 _。
退出状态：0 OK，1 WARNING，2 CRITICAL，3 UNKNOWN。只有一台服务器且没有给出时间时为 CRITICAL，与
check_ntp_time 相同（地址或主机名错误时为 UNKNOWN，使用 -q 时未同步或 KoD 也为 UNKNOWN）。
以最坏者为准：CRITICAL，其次 WARNING，其次 UNKNOWN，最后 OK。falseticker 无论偏差多少都是
WARNING（其他服务器说明是它错了，而不是本机）；共识偏差对照 --warning/--critical 的结果即对本机时钟的结论。
`,
  'help.watch': `用法：ntp-monitor watch [--config FILE] [--server SERVER]... [选项]

持续监视时间服务器直到停止（Ctrl-C、SIGTERM），使用与桌面应用相同的引擎和状态。
每个样本和每次状态变化输出一行。收到 SIGHUP 时重新读取 --config；每台服务器保留其状态。

--config FILE          设置文件：原脚本的 config.ini（[ntp_server] 中的 server_addr、interval、
                       threshold）或应用的设置 JSON；下列选项会覆盖文件中的值
--server SERVER        要监视的服务器（可重复；也可在选项之后直接写 SERVER...）：
                       主机、主机:端口、IPv4（192.0.2.1、192.0.2.1:123）、IPv6（::1、[::1]:123），或
                       nts://主机[:端口]，以 NTS 认证方式检查（端口：密钥交换端口，默认 4460），
                       或 pool://名称[:端口]：该名称最多 4 个地址，各自作为一台服务器监视
--interval S           每台服务器两次轮询之间的秒数（{intervalMin}-{intervalMax}；默认 {interval}）
--warning S            |偏差| >= S 秒时为 WARNING（可用小数；默认 {warning}）
--critical S           |偏差| >= S 秒时为 CRITICAL（默认 {critical}；不小于 --warning）
--timeout MS           每个应答最多等待 MS 毫秒（{timeoutMin}-{timeoutMax}；默认 {timeout}）
--confirm N            状态改变前须连续一致的样本数（{confirmMin}-{confirmMax}；默认 {confirm}）
--log FILE             同时把各行追加到 FILE（达到 {logMegabytes} MB 时轮转，保留 {logFiles} 个文件）
--log-format FORMAT    text（默认：时间 类型 键=值……）或 json（每行一个对象，键相同）
--webhook URL          每次告警和恢复时向 URL（http:// 或 https://）POST 一条 JSON 告警
--webhook-format F     消息体：generic（我们的 JSON，默认），或群机器人的文本消息：dingtalk、
                       wecom、feishu（也适用于 Lark）、slack
--webhook-secret S     钉钉或飞书机器人的签名密钥（更宜写在 config.ini 的 webhook_secret 中，
                       其他用户无法从进程列表读到）
--metrics-listen ADDR  在 http://ADDR/metrics 提供 Prometheus 指标；只写 PORT 表示 127.0.0.1:PORT
--samples N            每次轮询发送 N 个请求，间隔 2 秒，保留延迟最小的一个（{samplesMin}-{samplesMax}；默认 {samples}）
--max-stratum N        层级高于 N 的服务器为 WARNING，并说明原因（{stratumMin}-{stratumMax}；默认不限）
--max-root-distance S  根距离超过 S 秒的服务器为 WARNING，且不参与投票（{distanceMin}-{distanceMax}；默认 {distance}）
--ipv4, --ipv6         主机名只解析为该地址族
--ca FILE              另外信任此 PEM 格式的 CA 来验证 NTS 服务器证书（config.ini：ca；启动和 SIGHUP 时读取）
--history FILE         把每个样本和失败记录到 SQLite 文件 FILE（用 ntp-monitor history 读取）；
                       保留 {retentionDays} 天（config.ini：history_retention_days）
--daemon D             每轮交叉核对一次并据其告警的本机时间服务：auto（默认：依次尝试 Windows 上的
                       Windows 时间服务或 macOS 上的 timed、chronyd、ntpd、timesyncd，取第一个应答的）、
                       none、chrony[=主机:端口]、ntpd[=主机:端口]、timesyncd、kernel、w32time 或 timed
                       （config.ini：daemon）
--help                 显示此帮助

在 config.ini 中，threshold = T 表示 warning = critical = T：偏差达到 T 秒或以上即为 CRITICAL。
[server NAME] 小节（NAME 与 server_addr 中的写法相同）为一台服务器设置自己的 threshold，或 warning 和 critical。
有 3 台或更多服务器应答时，还会综合判断（RFC 5905 选择算法）：多数服务器一起偏移时，告警针对本机时钟
（只有一条告警，而不是每台服务器一条）；与其他服务器不一致的服务器单独告警（falseticker）；
多数服务器宣告的闰秒只告警一次。
任何地方都未指定服务器时，监视本机配置使用的时间服务器。
退出状态：收到 SIGINT 或 SIGTERM 后为 0；设置错误为 3，并列出所有问题。
`,
  'help.history': `用法：ntp-monitor history (--history FILE | --config FILE) [--server S]... [--since T] [--until T] [--csv | --json]

输出 \`ntp-monitor watch --history FILE\`（或其 config.ini 中的 \`history = FILE\`）记录的内容：
每个样本或失败一行，最早的在前。

--history FILE  要读取的历史数据库（只有给 watch 指定文件时才记录历史）
--config FILE   从交给 watch --config 的 config.ini 或设置 JSON（其中的 history =）读取历史数据库的文件名；
                同时给出 --history 时以 --history 为准。watch 会拒绝的文件，这里同样拒绝
--server S      只看这台服务器，写法与设置中相同（可重复；默认：所有服务器）
--since T       从 T 开始（默认 24h）：从现在往回的时长（90m、24h、7d、2w），或 ISO-8601 日期或时间
                （2026-11-23、2026-11-23T08:00:00Z；不带时区时为本地时间），范围 1970 至 9999
--until T       到 T 为止，格式同上（默认：现在）
--csv           CSV，RFC 4180，CRLF 换行（默认），表头：
                {header}
--json          JSON 行：{"at","server","state","ok","offsetMs","delayMs","jitterMs","stratum","error","selection",
                "falseticker","authenticated","clockState","consensusOffsetMs"}，error 为 {"kind","message","code"}
--help          显示此帮助

at 为 ISO-8601 UTC 时间；服务器超前于本机时 offsetMs 为正（与 ntpdate 的输出一致）。
每行的原因（开始记录之前的行为空或 null）：selection 为最近一次跨服务器选择对该服务器的判断
（truechimer、falseticker；为空表示未参与投票）；falseticker 为已确认的标记（其告警据此触发）；
authenticated 表示样本经过 NTS 认证；clockState 和 consensusOffsetMs 为当时对本机时钟的结论
（consensusOffsetMs 为正：服务器超前，本机落后）；errorKind 和 errorCode 为失败的类型和细节（KoD 代码、errno、未通过的检查）。
文件以只读方式打开：读取时不需要对它有写权限，watch 停止后也不需要对其所在文件夹有写权限。
退出状态：0 完成（没有记录不算错误）；3 参数错误，或文件不存在、不是历史文件。
`,
});
