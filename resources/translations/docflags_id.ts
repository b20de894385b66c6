<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>BatchNotifier</name>
    <message>
        <source>{n} document analysed</source>
        <translation>{n} dokumen dianalisis</translation>
    </message>
    <message>
        <source>{n} documents analysed</source>
        <translation>{n} dokumen dianalisis</translation>
    </message>
    <message>
        <source>, {n} failed</source>
        <translation>, {n} gagal</translation>
    </message>
    <message>
        <source>, {n} cancelled</source>
        <translation>, {n} dibatalkan</translation>
    </message>
    <message>
        <source>, {n} with warnings</source>
        <translation>, {n} dengan peringatan</translation>
    </message>
    <message>
        <source>docflags: batch finished</source>
        <translation>docflags: kumpulan selesai</translation>
    </message>
</context>
<context>
    <name>ClusterSettings</name>
    <message>
        <source>Jobs run on this computer: {reason}</source>
        <translation>Pekerjaan dijalankan di komputer ini: {reason}</translation>
    </message>
    <message>
        <source>Run jobs on</source>
        <translation>Jalankan pekerjaan di</translation>
    </message>
    <message>
        <source>This &amp;computer</source>
        <translation>&amp;Komputer ini</translation>
    </message>
    <message>
        <source>A c&amp;luster (Celery + Redis)</source>
        <translation>K&amp;luster (Celery + Redis)</translation>
    </message>
    <message>
        <source>Broker URL</source>
        <translation>URL broker</translation>
    </message>
    <message>
        <source>Broker password</source>
        <translation>Kata sandi broker</translation>
    </message>
    <message>
        <source>Redis&apos;s requirepass</source>
        <translation>requirepass milik Redis</translation>
    </message>
    <message>
        <source>Use &amp;TLS (rediss://)</source>
        <translation>Gunakan &amp;TLS (rediss://)</translation>
    </message>
    <message>
        <source>The broker&apos;s CA certificate</source>
        <translation>Sertifikat CA broker</translation>
    </message>
    <message>
        <source>The system&apos;s</source>
        <translation>Bawaan sistem</translation>
    </message>
    <message>
        <source>The certificate (PEM) of the authority that signed the broker&apos;s; for a self-signed broker, its own certificate. Empty: the system&apos;s authorities.</source>
        <translation>Sertifikat (PEM) otoritas yang menandatangani sertifikat broker; untuk broker dengan sertifikat yang ditandatangani sendiri, sertifikat itu sendiri. Kosong: otoritas bawaan sistem.</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>Telusur&amp;i…</translation>
    </message>
    <message>
        <source>Test co&amp;nnection</source>
        <translation>&amp;Uji koneksi</translation>
    </message>
    <message>
        <source>To use a cluster, install docflags[cluster].</source>
        <translation>Untuk memakai kluster, pasang docflags[cluster].</translation>
    </message>
    <message>
        <source>&amp;Broker URL:</source>
        <translation>URL b&amp;roker:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Kata san&amp;di:</translation>
    </message>
    <message>
        <source>CA c&amp;ertificate:</source>
        <translation>S&amp;ertifikat CA:</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Sertifikat (*.pem *.crt *.cer);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Give the cluster&apos;s broker URL, like redis://HOST:6379/0.</source>
        <translation>Isi URL broker kluster, misalnya redis://HOST:6379/0.</translation>
    </message>
    <message>
        <source>The broker URL cannot be used: {reason}</source>
        <translation>URL broker tidak dapat dipakai: {reason}</translation>
    </message>
    <message>
        <source>The CA certificate {path} is not a file.</source>
        <translation>Sertifikat CA {path} bukan berkas.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Menghubungkan…</translation>
    </message>
</context>
<context>
    <name>ColourNames</name>
    <message>
        <source>Yellow</source>
        <translation>Kuning</translation>
    </message>
    <message>
        <source>Pale yellow</source>
        <translation>Kuning pucat</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Oranye</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>Merah</translation>
    </message>
    <message>
        <source>Pink</source>
        <translation>Merah muda</translation>
    </message>
    <message>
        <source>Magenta</source>
        <translation>Magenta</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>Ungu</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Biru</translation>
    </message>
    <message>
        <source>Light blue</source>
        <translation>Biru muda</translation>
    </message>
    <message>
        <source>Turquoise</source>
        <translation>Toska</translation>
    </message>
    <message>
        <source>Mint</source>
        <translation>Hijau mint</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Hijau</translation>
    </message>
    <message>
        <source>Light green</source>
        <translation>Hijau muda</translation>
    </message>
    <message>
        <source>Brown</source>
        <translation>Cokelat</translation>
    </message>
    <message>
        <source>Grey</source>
        <translation>Abu-abu</translation>
    </message>
    <message>
        <source>Black</source>
        <translation>Hitam</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Drop PDFs here, or press Ctrl+O</source>
        <translation>Letakkan berkas PDF di sini, atau tekan Ctrl+O</translation>
    </message>
    <message>
        <source>Similarity reports and reviewed drafts become a table of their flagged passages.
Folders are searched for PDFs.</source>
        <translation>Laporan kemiripan dan draf yang sudah ditinjau menjadi tabel bagian yang ditandai.
Map akan ditelusuri untuk mencari PDF.</translation>
    </message>
    <message>
        <source>Open PDFs…</source>
        <translation>Buka PDF…</translation>
    </message>
    <message>
        <source>Show &amp;History</source>
        <translation>Tampilkan &amp;Riwayat</translation>
    </message>
    <message>
        <source>{n} analysis is stored in the history.</source>
        <translation>{n} analisis tersimpan di riwayat.</translation>
    </message>
    <message>
        <source>{n} analyses are stored in the history.</source>
        <translation>{n} analisis tersimpan di riwayat.</translation>
    </message>
    <message>
        <source>{n} was stopped when docflags last closed.</source>
        <translation>{n} dihentikan saat docflags terakhir ditutup.</translation>
    </message>
    <message>
        <source>{n} were stopped when docflags last closed.</source>
        <translation>{n} dihentikan saat docflags terakhir ditutup.</translation>
    </message>
</context>
<context>
    <name>EngineWords</name>
    <message>
        <source>Page {page}/{total}: reading</source>
        <translation>Halaman {page}/{total}: membaca</translation>
    </message>
    <message>
        <source>Page {page}/{total}: OCR</source>
        <translation>Halaman {page}/{total}: OCR</translation>
    </message>
    <message>
        <source>Opening {name}</source>
        <translation>Membuka {name}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Sedang bekerja</translation>
    </message>
    <message>
        <source>file not found (moved or deleted?)</source>
        <translation>berkas tidak ditemukan (dipindahkan atau dihapus?)</translation>
    </message>
    <message>
        <source>is a folder, not a PDF file</source>
        <translation>adalah map, bukan berkas PDF</translation>
    </message>
    <message>
        <source>no permission to read the file</source>
        <translation>tidak ada izin untuk membaca berkas</translation>
    </message>
    <message>
        <source>not a PDF file</source>
        <translation>bukan berkas PDF</translation>
    </message>
    <message>
        <source>the PDF is damaged beyond repair ({detail})</source>
        <translation>PDF rusak dan tidak dapat diperbaiki ({detail})</translation>
    </message>
    <message>
        <source>the PDF is password-protected (encrypted); open it and save a copy</source>
        <translation>PDF dilindungi kata sandi (terenkripsi); buka lalu simpan salinannya</translation>
    </message>
    <message>
        <source>the PDF has no pages (damaged or empty)</source>
        <translation>PDF tidak memiliki halaman (rusak atau kosong)</translation>
    </message>
    <message>
        <source>stopped on request</source>
        <translation>dihentikan atas permintaan</translation>
    </message>
    <message>
        <source>could not be read ({detail})</source>
        <translation>tidak dapat dibaca ({detail})</translation>
    </message>
    <message>
        <source>the file is damaged (truncated or altered) and was repaired to be read: some pages or passages may be missing</source>
        <translation>berkas rusak (terpotong atau diubah) dan diperbaiki agar dapat dibaca: sebagian halaman atau bagian mungkin hilang</translation>
    </message>
    <message>
        <source>empty, its content was lost where the file is damaged</source>
        <translation>kosong, isinya hilang di bagian berkas yang rusak</translation>
    </message>
    <message>
        <source>skipped, too complex to analyse: {detail}</source>
        <translation>dilewati, terlalu rumit untuk dianalisis: {detail}</translation>
    </message>
    <message>
        <source>skipped, it needs more memory than the analysis may use</source>
        <translation>dilewati, memerlukan memori lebih besar daripada yang boleh dipakai analisis</translation>
    </message>
    <message>
        <source>could not be read, the file is damaged here ({detail})</source>
        <translation>tidak dapat dibaca, berkas rusak di sini ({detail})</translation>
    </message>
    <message>
        <source>OCR data for {names} not installed; text taken from &apos;{used}&apos;</source>
        <translation>data OCR untuk {names} belum terpasang; teks diambil dengan &apos;{used}&apos;</translation>
    </message>
    <message>
        <source>OCR failed ({detail}); passages listed without text</source>
        <translation>OCR gagal ({detail}); bagian dicantumkan tanpa teks</translation>
    </message>
    <message>
        <source>OCR failed ({detail}); annotations listed without text</source>
        <translation>OCR gagal ({detail}); anotasi dicantumkan tanpa teks</translation>
    </message>
    <message>
        <source>Stopped: the analysis ran past the time limit of {seconds} s.</source>
        <translation>Dihentikan: analisis melewati batas waktu {seconds} dtk.</translation>
    </message>
    <message>
        <source>The analysis could not start: {detail}</source>
        <translation>Analisis tidak dapat dimulai: {detail}</translation>
    </message>
    <message>
        <source>The analysis stopped without a result: it exited with code {code}.</source>
        <translation>Analisis berhenti tanpa hasil: keluar dengan kode {code}.</translation>
    </message>
    <message>
        <source>The analysis stopped without a result: it was killed by {signal}.</source>
        <translation>Analisis berhenti tanpa hasil: dihentikan oleh {signal}.</translation>
    </message>
    <message>
        <source>The worker sent a result but then failed ({how}).</source>
        <translation>Pekerja mengirim hasil tetapi kemudian gagal ({how}).</translation>
    </message>
    <message>
        <source>docflags was closed while this job ran. Retry to run it again.</source>
        <translation>docflags ditutup saat pekerjaan ini berjalan. Coba lagi untuk menjalankannya kembali.</translation>
    </message>
    <message>
        <source>docflags was closed</source>
        <translation>docflags ditutup</translation>
    </message>
    <message>
        <source>The analysis failed.</source>
        <translation>Analisis gagal.</translation>
    </message>
    <message>
        <source>an annotation could not be read ({detail})</source>
        <translation>sebuah anotasi tidak dapat dibaca ({detail})</translation>
    </message>
    <message>
        <source>annotations not read as flags: {listed}</source>
        <translation>anotasi yang tidak dibaca sebagai tanda: {listed}</translation>
    </message>
    <message>
        <source>Last lines of the worker log:</source>
        <translation>Baris terakhir log pekerja:</translation>
    </message>
    <message>
        <source>page {pages}: {rest}</source>
        <translation>halaman {pages}: {rest}</translation>
    </message>
    <message>
        <source>cluster support is not installed (pip install &apos;docflags[cluster]&apos;)</source>
        <translation>dukungan kluster belum terpasang (pip install &apos;docflags[cluster]&apos;)</translation>
    </message>
    <message>
        <source>the broker must be a Redis URL like redis://HOST:6379/0, not {url}</source>
        <translation>broker harus berupa URL Redis seperti redis://HOST:6379/0, bukan {url}</translation>
    </message>
    <message>
        <source>the port in {url} is not a number</source>
        <translation>port dalam {url} bukan angka</translation>
    </message>
    <message>
        <source>the port in {url} is out of range</source>
        <translation>port dalam {url} di luar rentang</translation>
    </message>
    <message>
        <source>no host in the broker URL {url}</source>
        <translation>tidak ada host dalam URL broker {url}</translation>
    </message>
    <message>
        <source>the database in {url} is a number, like /0</source>
        <translation>basis data dalam {url} berupa angka, misalnya /0</translation>
    </message>
    <message>
        <source>the broker at {where} has no password set, but one was given</source>
        <translation>broker di {where} tidak memakai kata sandi, tetapi kata sandi diberikan</translation>
    </message>
    <message>
        <source>the broker at {where} needs a password (the settings, or {env})</source>
        <translation>broker di {where} memerlukan kata sandi (di pengaturan, atau {env})</translation>
    </message>
    <message>
        <source>the broker at {where} refused the password</source>
        <translation>broker di {where} menolak kata sandinya</translation>
    </message>
    <message>
        <source>the broker at {where} answered with an error: {detail}</source>
        <translation>broker di {where} menjawab dengan galat: {detail}</translation>
    </message>
    <message>
        <source>cannot reach the broker at {where}: nothing is listening there (connection refused)</source>
        <translation>broker di {where} tidak dapat dihubungi: tidak ada yang mendengarkan di sana (koneksi ditolak)</translation>
    </message>
    <message>
        <source>cannot reach the broker at {where}: no answer (timed out)</source>
        <translation>broker di {where} tidak dapat dihubungi: tidak ada jawaban (waktu habis)</translation>
    </message>
    <message>
        <source>cannot reach the broker at {where}: its TLS certificate is not trusted ({why}): give the certificate of its authority (--tls-ca FILE, or CA certificate in Settings)</source>
        <translation>broker di {where} tidak dapat dihubungi: sertifikat TLS-nya tidak tepercaya ({why}): berikan sertifikat otoritas penerbitnya (--tls-ca BERKAS, atau Sertifikat CA di Pengaturan)</translation>
    </message>
    <message>
        <source>cannot reach the broker at {where}: it closed the connection (if it speaks TLS only, use rediss://)</source>
        <translation>broker di {where} tidak dapat dihubungi: broker menutup koneksi (jika broker hanya menerima TLS, gunakan rediss://)</translation>
    </message>
    <message>
        <source>cannot reach the broker at {where}: {detail}</source>
        <translation>broker di {where} tidak dapat dihubungi: {detail}</translation>
    </message>
    <message>
        <source>Connected to {where}, but no docflags node is running: jobs wait in the queue until one starts (docflags worker --broker ...).</source>
        <translation>Terhubung ke {where}, tetapi tidak ada node docflags yang berjalan: pekerjaan menunggu dalam antrean sampai ada yang dimulai (docflags worker --broker ...).</translation>
    </message>
    <message>
        <source>Connected to {where}: {n} node(s) running: {nodes}.</source>
        <translation>Terhubung ke {where}: {n} node berjalan: {nodes}.</translation>
    </message>
    <message>
        <source>Queued on the cluster, waiting for a node</source>
        <translation>Dalam antrean kluster, menunggu node</translation>
    </message>
    <message>
        <source>Queued on the cluster ({n} node(s) up, all busy)</source>
        <translation>Dalam antrean kluster ({n} node aktif, semuanya sibuk)</translation>
    </message>
    <message>
        <source>Queued on the cluster: no node is running (start `docflags worker`)</source>
        <translation>Dalam antrean kluster: tidak ada node yang berjalan (mulai `docflags worker`)</translation>
    </message>
    <message>
        <source>Lost the connection to the cluster; trying again</source>
        <translation>Koneksi ke kluster terputus; mencoba lagi</translation>
    </message>
    <message>
        <source>The worker crashed; the cluster retries the job ({info})</source>
        <translation>Pekerja berhenti mendadak; kluster mencoba lagi pekerjaan ini ({info})</translation>
    </message>
    <message>
        <source>The cluster node {node} stopped answering while it ran this job; sent it again</source>
        <translation>Node kluster {node} berhenti menjawab saat menjalankan pekerjaan ini; pekerjaan dikirim lagi</translation>
    </message>
    <message>
        <source>The cluster node {node} stopped answering while it ran this job (its heartbeat stopped).</source>
        <translation>Node kluster {node} berhenti menjawab saat menjalankan pekerjaan ini (detak jantungnya berhenti).</translation>
    </message>
    <message>
        <source>The job was revoked on the cluster.</source>
        <translation>Pekerjaan dibatalkan di kluster.</translation>
    </message>
    <message>
        <source>Stopped: the analysis ran past the time limit of {limit} on the cluster and was killed on {node}.</source>
        <translation>Dihentikan: analisis melewati batas waktu {limit} di kluster dan dimatikan di {node}.</translation>
    </message>
    <message>
        <source>The cluster node refused the job: {info}</source>
        <translation>Node kluster menolak pekerjaan ini: {info}</translation>
    </message>
    <message>
        <source>The job&apos;s process on {node} died: {info}</source>
        <translation>Proses pekerjaan di {node} mati: {info}</translation>
    </message>
    <message>
        <source>The job failed on {node}: {info}</source>
        <translation>Pekerjaan gagal di {node}: {info}</translation>
    </message>
    <message>
        <source>Following the job on the cluster failed: {detail}</source>
        <translation>Gagal mengikuti pekerjaan di kluster: {detail}</translation>
    </message>
    <message>
        <source>The annotated copy did not come back from the cluster: {detail}.</source>
        <translation>Salinan beranotasi tidak kembali dari kluster: {detail}.</translation>
    </message>
    <message>
        <source>source {n} excluded</source>
        <translation>sumber {n} dikecualikan</translation>
    </message>
    <message>
        <source>no longer in the manuscript</source>
        <translation>sudah tidak ada di naskah</translation>
    </message>
    <message>
        <source>in the bibliography</source>
        <translation>di daftar pustaka</translation>
    </message>
    <message>
        <source>in the excluded {section} section</source>
        <translation>di bagian {section} yang dikecualikan</translation>
    </message>
    <message>
        <source>quoted and cited</source>
        <translation>dikutip dan disitasi</translation>
    </message>
    <message>
        <source>quoted but not cited</source>
        <translation>dikutip tetapi tidak disitasi</translation>
    </message>
    <message>
        <source>fewer than {n} words</source>
        <translation>kurang dari {n} kata</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>JSON (docflags/1)</source>
        <translation>JSON (docflags/1)</translation>
    </message>
    <message>
        <source>CSV (spreadsheet, UTF-8)</source>
        <translation>CSV (lembar kerja, UTF-8)</translation>
    </message>
    <message>
        <source>Markdown (reviewer&apos;s notes)</source>
        <translation>Markdown (catatan peninjau)</translation>
    </message>
    <message>
        <source>Excel workbook</source>
        <translation>Buku kerja Excel</translation>
    </message>
    <message>
        <source>HTML report</source>
        <translation>Laporan HTML</translation>
    </message>
    <message>
        <source>Export Flagged Passages</source>
        <translation>Ekspor Bagian yang Ditandai</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Telusuri…</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Ekspor</translation>
    </message>
    <message>
        <source>What:</source>
        <translation>Apa:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format:</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>&amp;Simpan ke:</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Ekspor ke</translation>
    </message>
    <message>
        <source>A Summary sheet and a Flags sheet, colour cells filled with each colour.</source>
        <translation>Lembar Ringkasan dan lembar Tanda, sel warna diisi dengan warnanya masing-masing.</translation>
    </message>
    <message>
        <source>One row per passage, UTF-8; opens in Excel, LibreOffice and scripts.</source>
        <translation>Satu baris per bagian, UTF-8; dapat dibuka di Excel, LibreOffice, dan skrip.</translation>
    </message>
    <message>
        <source>One file to send: summary, sources and each passage with its image.</source>
        <translation>Satu berkas untuk dikirim: ringkasan, sumber, dan setiap bagian beserta gambarnya.</translation>
    </message>
    <message>
        <source>Reviewer&apos;s notes grouped by page.</source>
        <translation>Catatan peninjau dikelompokkan per halaman.</translation>
    </message>
    <message>
        <source>The docflags/1 document(s), for scripts.</source>
        <translation>Dokumen docflags/1, untuk skrip.</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Pilih berkas tujuan ekspor.</translation>
    </message>
    <message>
        <source>{path} is a folder; add a file name.</source>
        <translation>{path} adalah map; tambahkan nama berkas.</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist.</source>
        <translation>Map {folder} tidak ada.</translation>
    </message>
    <message>
        <source>Replace File?</source>
        <translation>Ganti Berkas?</translation>
    </message>
    <message>
        <source>{name} already exists in {folder}.
Do you want to replace it?</source>
        <translation>{name} sudah ada di {folder}.
Ganti berkas itu?</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Ekspor</translation>
    </message>
    <message>
        <source>The export failed unexpectedly: {why}</source>
        <translation>Ekspor gagal secara tak terduga: {why}</translation>
    </message>
    <message>
        <source>An export is still being written.</source>
        <translation>Sebuah ekspor masih sedang ditulis.</translation>
    </message>
    <message>
        <source>Nothing to Export</source>
        <translation>Tidak Ada yang Diekspor</translation>
    </message>
    <message>
        <source>Select a finished job (or open one from the history) and export again.</source>
        <translation>Pilih pekerjaan yang sudah selesai (atau buka dari riwayat) lalu ekspor lagi.</translation>
    </message>
    <message>
        <source>Exporting to {name}…</source>
        <translation>Mengekspor ke {name}…</translation>
    </message>
    <message>
        <source>Exported {what} to {path}.</source>
        <translation>{what} diekspor ke {path}.</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>Ekspor Gagal</translation>
    </message>
</context>
<context>
    <name>ExportDone</name>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Open the exported file</source>
        <translation>Buka berkas hasil ekspor</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Tampilkan di Map</translation>
    </message>
    <message>
        <source>Open the folder that holds the exported file</source>
        <translation>Buka map yang berisi berkas hasil ekspor</translation>
    </message>
</context>
<context>
    <name>ExportScopes</name>
    <message>
        <source>The {shown} of {total} passages of {name} that the filtered table shows</source>
        <translation>{shown} dari {total} bagian {name} yang ditampilkan tabel tersaring</translation>
    </message>
</context>
<context>
    <name>ExportSources</name>
    <message>
        <source>All {flags} of {name}</source>
        <translation>Semua {flags} dari {name}</translation>
    </message>
    <message>
        <source>All {flags} of the {count} selected files</source>
        <translation>Semua {flags} dari {count} berkas yang dipilih</translation>
    </message>
    <message>
        <source>The {flags} of {name} in the table&apos;s order</source>
        <translation>{flags} dari {name} sesuai urutan tabel</translation>
    </message>
    <message>
        <source>All {flags} of {name}, selected in the History</source>
        <translation>Semua {flags} dari {name}, dipilih di Riwayat</translation>
    </message>
    <message>
        <source>All {flags} of the {count} analyses selected in the History</source>
        <translation>Semua {flags} dari {count} analisis yang dipilih di Riwayat</translation>
    </message>
    <message>
        <source>{n} flagged passage</source>
        <translation>{n} bagian ditandai</translation>
    </message>
    <message>
        <source>{n} flagged passages</source>
        <translation>{n} bagian ditandai</translation>
    </message>
</context>
<context>
    <name>FileIntake</name>
    <message>
        <source>{names} is not a PDF, so nothing was queued for it.</source>
        <translation>{names} bukan PDF, jadi tidak dimasukkan ke antrean.</translation>
    </message>
    <message>
        <source>{names} are not PDFs, so nothing was queued for them.</source>
        <translation>{names} bukan PDF, jadi tidak dimasukkan ke antrean.</translation>
    </message>
    <message>
        <source>{names} could not be found.</source>
        <translation>{names} tidak ditemukan.</translation>
    </message>
    <message>
        <source>{names}: already being analysed.</source>
        <translation>{names}: sedang dianalisis.</translation>
    </message>
    <message>
        <source>No PDFs in {folders}.</source>
        <translation>Tidak ada PDF di {folders}.</translation>
    </message>
    <message>
        <source>{names} and {n} more</source>
        <translation>{names} dan {n} lainnya</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Filter text and comments (Ctrl+F)</source>
        <translation>Saring teks dan komentar (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter passages</source>
        <translation>Saring bagian</translation>
    </message>
    <message>
        <source>Shows the passages whose text or comment holds these words (Esc clears)</source>
        <translation>Menampilkan bagian yang teks atau komentarnya memuat kata-kata ini (Esc menghapus)</translation>
    </message>
    <message>
        <source>Filter by kind</source>
        <translation>Saring menurut jenis</translation>
    </message>
    <message>
        <source>Show one kind of mark</source>
        <translation>Tampilkan satu jenis tanda</translation>
    </message>
    <message>
        <source>Filter by colour</source>
        <translation>Saring menurut warna</translation>
    </message>
    <message>
        <source>Show one colour</source>
        <translation>Tampilkan satu warna</translation>
    </message>
    <message>
        <source>Filter by source</source>
        <translation>Saring menurut sumber</translation>
    </message>
    <message>
        <source>Show the passages matched to one source</source>
        <translation>Tampilkan bagian yang cocok dengan satu sumber</translation>
    </message>
    <message>
        <source>Number of passages</source>
        <translation>Jumlah bagian</translation>
    </message>
    <message>
        <source>No passage matches the filters.</source>
        <translation>Tidak ada bagian yang cocok dengan saringan.</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>Semua jenis</translation>
    </message>
    <message>
        <source>All colours</source>
        <translation>Semua warna</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Semua sumber</translation>
    </message>
    <message>
        <source>Source {n}</source>
        <translation>Sumber {n}</translation>
    </message>
    <message>
        <source>⚠ {n} warning: {text}</source>
        <translation>⚠ {n} peringatan: {text}</translation>
    </message>
    <message>
        <source>⚠ {n} warnings: {text}</source>
        <translation>⚠ {n} peringatan: {text}</translation>
    </message>
    <message>
        <source>{n} flag</source>
        <translation>{n} tanda</translation>
    </message>
    <message>
        <source>{n} flags</source>
        <translation>{n} tanda</translation>
    </message>
    <message>
        <source>{shown} of {total} flags</source>
        <translation>{shown} dari {total} tanda</translation>
    </message>
</context>
<context>
    <name>FlagsTable</name>
    <message>
        <source>Page</source>
        <translation>Halaman</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>Warna</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Teks</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Komentar</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Letak</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Skor</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Highlight</source>
        <translation>Sorotan</translation>
    </message>
    <message>
        <source>Underline</source>
        <translation>Garis bawah</translation>
    </message>
    <message>
        <source>Strike-out</source>
        <translation>Coretan</translation>
    </message>
    <message>
        <source>Squiggly underline</source>
        <translation>Garis bawah bergelombang</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>Marked passage</source>
        <translation>Bagian bertanda</translation>
    </message>
    <message>
        <source>Coloured text</source>
        <translation>Teks berwarna</translation>
    </message>
    <message>
        <source>Not cited or quoted</source>
        <translation>Tidak dikutip atau dirujuk</translation>
    </message>
    <message>
        <source>Missing quotations</source>
        <translation>Tanda kutip hilang</translation>
    </message>
    <message>
        <source>Missing citation</source>
        <translation>Rujukan hilang</translation>
    </message>
    <message>
        <source>Cited and quoted</source>
        <translation>Dirujuk dan dikutip</translation>
    </message>
    <message>
        <source>Similarity match</source>
        <translation>Kecocokan kemiripan</translation>
    </message>
    <message>
        <source>not in the manuscript</source>
        <translation>tidak ada di naskah</translation>
    </message>
    <message>
        <source> · p. </source>
        <translation> · hlm. </translation>
    </message>
    <message>
        <source>Manuscript characters {start}-{end}: {text}</source>
        <translation>Karakter naskah {start}-{end}: {text}</translation>
    </message>
    <message>
        <source>Flagged passages</source>
        <translation>Bagian yang ditandai</translation>
    </message>
    <message>
        <source>To review</source>
        <translation>Perlu ditinjau</translation>
    </message>
    <message>
        <source>Needs fix</source>
        <translation>Perlu diperbaiki</translation>
    </message>
    <message>
        <source>Quoted &amp; cited</source>
        <translation>Dikutip &amp; disitasi</translation>
    </message>
    <message>
        <source>Common phrase</source>
        <translation>Frasa umum</translation>
    </message>
    <message>
        <source>Bibliography</source>
        <translation>Daftar pustaka</translation>
    </message>
    <message>
        <source>Own earlier work</source>
        <translation>Karya sendiri sebelumnya</translation>
    </message>
    <message>
        <source>False positive</source>
        <translation>Positif palsu</translation>
    </message>
    <message>
        <source>Fixed</source>
        <translation>Sudah diperbaiki</translation>
    </message>
    <message>
        <source>Suggested by the rules: {status} ({reason})</source>
        <translation>Saran aturan: {status} ({reason})</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Catatan: {note}</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <source>Analysed</source>
        <translation>Dianalisis</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Halaman</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Tanda</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Kemiripan</translation>
    </message>
    <message>
        <source>window</source>
        <translation>jendela</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>baris perintah</translation>
    </message>
    <message>
        <source>{state} · from the {origin} · engine {engine}</source>
        <translation>{state} · dari {origin} · mesin {engine}</translation>
    </message>
</context>
<context>
    <name>HistoryRecorder</name>
    <message>
        <source>The history could not be saved: {why}</source>
        <translation>Riwayat tidak dapat disimpan: {why}</translation>
    </message>
    <message>
        <source>The history is not available: {why}</source>
        <translation>Riwayat tidak tersedia: {why}</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Keep for ever</source>
        <translation>Simpan selamanya</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 hari</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 hari</translation>
    </message>
    <message>
        <source>90 days</source>
        <translation>90 hari</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 tahun</translation>
    </message>
    <message>
        <source>Search file names and flagged text</source>
        <translation>Cari nama berkas dan teks yang ditandai</translation>
    </message>
    <message>
        <source>Search the history</source>
        <translation>Cari di riwayat</translation>
    </message>
    <message>
        <source>Keep analyses for</source>
        <translation>Simpan analisis selama</translation>
    </message>
    <message>
        <source>How long finished analyses are kept in the history</source>
        <translation>Berapa lama analisis yang selesai disimpan di riwayat</translation>
    </message>
    <message>
        <source>Past analyses</source>
        <translation>Analisis terdahulu</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Buka</translation>
    </message>
    <message>
        <source>&amp;Re-analyse</source>
        <translation>Analisis &amp;ulang</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Hapus</translation>
    </message>
    <message>
        <source>Keep:</source>
        <translation>Simpan:</translation>
    </message>
    <message>
        <source>The history cannot be read: {why}</source>
        <translation>Riwayat tidak dapat dibaca: {why}</translation>
    </message>
    <message>
        <source>{n} found</source>
        <translation>{n} ditemukan</translation>
    </message>
    <message>
        <source>{n} analysis</source>
        <translation>{n} analisis</translation>
    </message>
    <message>
        <source>{n} analyses</source>
        <translation>{n} analisis</translation>
    </message>
    <message>
        <source>{name} has no result to show ({state}). {why}</source>
        <translation>{name} tidak memiliki hasil untuk ditampilkan ({state}). {why}</translation>
    </message>
    <message>
        <source>Not found any more: {names}</source>
        <translation>Tidak ditemukan lagi: {names}</translation>
    </message>
    <message>
        <source>Nothing was deleted: {why}</source>
        <translation>Tidak ada yang dihapus: {why}</translation>
    </message>
    <message>
        <source>Deleted {n} analysis from history.</source>
        <translation>{n} analisis dihapus dari riwayat.</translation>
    </message>
    <message>
        <source>Deleted {n} analyses from history.</source>
        <translation>{n} analisis dihapus dari riwayat.</translation>
    </message>
    <message>
        <source>Delete from history</source>
        <translation>Hapus dari riwayat</translation>
    </message>
    <message>
        <source>Delete {n} analysis and its flags from the history? The PDF files are not touched.</source>
        <translation>Hapus {n} analisis beserta tandanya dari riwayat? Berkas PDF tidak diubah.</translation>
    </message>
    <message>
        <source>Delete {n} analyses and their flags from the history? The PDF files are not touched.</source>
        <translation>Hapus {n} analisis beserta tandanya dari riwayat? Berkas PDF tidak diubah.</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} hari</translation>
    </message>
    <message>
        <source>The retention setting was not saved: {why}</source>
        <translation>Pengaturan masa simpan tidak tersimpan: {why}</translation>
    </message>
    <message>
        <source>Analyses are now kept for ever.</source>
        <translation>Analisis kini disimpan selamanya.</translation>
    </message>
    <message>
        <source>Analyses are now kept for {n} days.</source>
        <translation>Analisis kini disimpan selama {n} hari.</translation>
    </message>
    <message>
        <source>{n} older analyses deleted.</source>
        <translation>{n} analisis lama dihapus.</translation>
    </message>
    <message>
        <source>Stored result</source>
        <translation>Hasil tersimpan</translation>
    </message>
    <message>
        <source>Re-analyse</source>
        <translation>Analisis ulang</translation>
    </message>
    <message>
        <source>Analyse this file again (Ctrl+Shift+R)</source>
        <translation>Analisis berkas ini lagi (Ctrl+Shift+R)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Hide this bar; the stored result stays shown</source>
        <translation>Sembunyikan bilah ini; hasil tersimpan tetap ditampilkan</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Riwayat</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Riwayat</translation>
    </message>
    <message>
        <source>Cannot open {name}: {why}</source>
        <translation>Tidak dapat membuka {name}: {why}</translation>
    </message>
    <message>
        <source>From history: {name}, analysed {date}.</source>
        <translation>Dari riwayat: {name}, dianalisis {date}.</translation>
    </message>
    <message>
        <source>{name} was analysed before ({date}); this is the stored result.</source>
        <translation>{name} pernah dianalisis ({date}); ini hasil yang tersimpan.</translation>
    </message>
    <message>
        <source>{n} more file was analysed before: see History.</source>
        <translation>{n} berkas lain pernah dianalisis: lihat Riwayat.</translation>
    </message>
    <message>
        <source>{n} more files were analysed before: see History.</source>
        <translation>{n} berkas lain pernah dianalisis: lihat Riwayat.</translation>
    </message>
    <message>
        <source>Re-analysing {name}.</source>
        <translation>Menganalisis ulang {name}.</translation>
    </message>
    <message>
        <source>&amp;History (unavailable)</source>
        <translation>&amp;Riwayat (tidak tersedia)</translation>
    </message>
    <message>
        <source>{n} analysis was interrupted when docflags last stopped; selected in History: Re-analyse to run it again.</source>
        <translation>{n} analisis terputus saat docflags terakhir berhenti; dipilih di Riwayat: Analisis ulang untuk menjalankannya lagi.</translation>
    </message>
    <message>
        <source>{n} analyses were interrupted when docflags last stopped; selected in History: Re-analyse to run them again.</source>
        <translation>{n} analisis terputus saat docflags terakhir berhenti; dipilih di Riwayat: Analisis ulang untuk menjalankannya lagi.</translation>
    </message>
</context>
<context>
    <name>JobList</name>
    <message>
        <source>Jobs</source>
        <translation>Pekerjaan</translation>
    </message>
    <message>
        <source>Cancel jobs</source>
        <translation>Batalkan pekerjaan</translation>
    </message>
    <message>
        <source>Stop {n} job that has not finished?</source>
        <translation>Hentikan {n} pekerjaan yang belum selesai?</translation>
    </message>
    <message>
        <source>Stop {n} jobs that have not finished?</source>
        <translation>Hentikan {n} pekerjaan yang belum selesai?</translation>
    </message>
</context>
<context>
    <name>JobState</name>
    <message>
        <source>Waiting</source>
        <translation>Menunggu</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Berjalan</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Gagal</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <source>Timed out</source>
        <translation>Waktu habis</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>Berhenti mendadak</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Terputus</translation>
    </message>
</context>
<context>
    <name>JobWidget</name>
    <message>
        <source>{n} flagged passage</source>
        <translation>{n} bagian ditandai</translation>
    </message>
    <message>
        <source>{n} flagged passages</source>
        <translation>{n} bagian ditandai</translation>
    </message>
    <message>
        <source>{found} of {n} found in {name}</source>
        <translation>{found} dari {n} ditemukan di {name}</translation>
    </message>
    <message>
        <source>… and {n} more warnings</source>
        <translation>… dan {n} peringatan lainnya</translation>
    </message>
    <message>
        <source>Cancelled before it finished.</source>
        <translation>Dibatalkan sebelum selesai.</translation>
    </message>
    <message>
        <source>docflags was closed while this job ran. Retry to run it again.</source>
        <translation>docflags ditutup saat pekerjaan ini berjalan. Coba lagi untuk menjalankannya kembali.</translation>
    </message>
    <message>
        <source>The analysis took longer than the time limit and was stopped.</source>
        <translation>Analisis melewati batas waktu dan dihentikan.</translation>
    </message>
    <message>
        <source>The analysis stopped unexpectedly. The log may say why.</source>
        <translation>Analisis berhenti secara tak terduga. Lognya mungkin menjelaskan sebabnya.</translation>
    </message>
    <message>
        <source>The analysis failed.</source>
        <translation>Analisis gagal.</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Sedang bekerja</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Stop this job</source>
        <translation>Hentikan pekerjaan ini</translation>
    </message>
    <message>
        <source>Move to front</source>
        <translation>Pindahkan ke depan</translation>
    </message>
    <message>
        <source>Run this job next</source>
        <translation>Jalankan pekerjaan ini berikutnya</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Analyse this file again</source>
        <translation>Analisis berkas ini lagi</translation>
    </message>
    <message>
        <source>Open log</source>
        <translation>Buka log</translation>
    </message>
    <message>
        <source>Open the worker&apos;s log</source>
        <translation>Buka log pekerja</translation>
    </message>
    <message>
        <source>Done, with warnings</source>
        <translation>Selesai, dengan peringatan</translation>
    </message>
    <message>
        <source>Waiting for a free worker</source>
        <translation>Menunggu pekerja yang luang</translation>
    </message>
    <message>
        <source>Re-analyse</source>
        <translation>Analisis ulang</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System</source>
        <translation>Sistem</translation>
    </message>
    <message>
        <source>English</source>
        <translation>Bahasa Inggris</translation>
    </message>
    <message>
        <source>Bahasa Indonesia</source>
        <translation>Bahasa Indonesia</translation>
    </message>
    <message>
        <source>Indonesian</source>
        <translation>Bahasa Indonesia</translation>
    </message>
</context>
<context>
    <name>LogDialog</name>
    <message>
        <source>The log could not be read: {why}</source>
        <translation>Log tidak dapat dibaca: {why}</translation>
    </message>
    <message>
        <source>[… the first {n} bytes are left out …]</source>
        <translation>[… {n} bita pertama tidak ditampilkan …]</translation>
    </message>
    <message>
        <source>The worker wrote nothing to its log.</source>
        <translation>Pekerja tidak menulis apa pun ke lognya.</translation>
    </message>
    <message>
        <source>Log of {name}</source>
        <translation>Log {name}</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>Buka di Penyunting</translation>
    </message>
    <message>
        <source>Copy Path</source>
        <translation>Salin Jalur</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Berkas</translation>
    </message>
    <message>
        <source>&amp;Open PDFs…</source>
        <translation>&amp;Buka PDF…</translation>
    </message>
    <message>
        <source>Open &amp;Folder…</source>
        <translation>Buka &amp;Map…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Ekspor…</translation>
    </message>
    <message>
        <source>&amp;Match with Manuscript…</source>
        <translation>&amp;Cocokkan dengan Naskah…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Keluar</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Sunting</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Find in Passages</source>
        <translation>&amp;Cari di Bagian</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Pengaturan…</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Pekerjaan</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Batalkan</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Coba Lagi</translation>
    </message>
    <message>
        <source>Move to &amp;Front</source>
        <translation>Pindahkan ke &amp;Depan</translation>
    </message>
    <message>
        <source>Open &amp;Log</source>
        <translation>Buka &amp;Log</translation>
    </message>
    <message>
        <source>Cancel &amp;All</source>
        <translation>Batalkan &amp;Semua</translation>
    </message>
    <message>
        <source>Clear &amp;Ended Jobs</source>
        <translation>Bersihkan Pekerjaan yang &amp;Berakhir</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Tampilan</translation>
    </message>
    <message>
        <source>&amp;Passages</source>
        <translation>&amp;Bagian</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Sumber</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>B&amp;antuan</translation>
    </message>
    <message>
        <source>&amp;About docflags</source>
        <translation>&amp;Tentang docflags</translation>
    </message>
    <message>
        <source>Queued {n} PDF.</source>
        <translation>{n} PDF masuk antrean.</translation>
    </message>
    <message>
        <source>Queued {n} PDFs.</source>
        <translation>{n} PDF masuk antrean.</translation>
    </message>
    <message>
        <source>Open PDFs</source>
        <translation>Buka PDF</translation>
    </message>
    <message>
        <source>PDF files (*.pdf *.PDF);;All files (*)</source>
        <translation>Berkas PDF (*.pdf *.PDF);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>Open a folder of PDFs</source>
        <translation>Buka map berisi PDF</translation>
    </message>
    <message>
        <source>{n} items</source>
        <translation>{n} butir</translation>
    </message>
    <message>
        <source>Drop to analyse {what}.</source>
        <translation>Lepaskan untuk menganalisis {what}.</translation>
    </message>
    <message>
        <source>Release to analyse {what}</source>
        <translation>Lepaskan untuk menganalisis {what}</translation>
    </message>
    <message>
        <source>Copied {n} row.</source>
        <translation>{n} baris disalin.</translation>
    </message>
    <message>
        <source>Copied {n} rows.</source>
        <translation>{n} baris disalin.</translation>
    </message>
    <message>
        <source>Settings saved. The new language is used from the next start.</source>
        <translation>Pengaturan disimpan. Bahasa baru dipakai mulai docflags dijalankan lagi.</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Pengaturan disimpan.</translation>
    </message>
    <message>
        <source>About docflags</source>
        <translation>Tentang docflags</translation>
    </message>
    <message>
        <source>&lt;p&gt;Turns the flagged passages of PDFs (similarity reports, reviewed drafts) into a table you can sort, filter, keep and export, so you can quote and cite them or rewrite them yourself.&lt;/p&gt;&lt;p&gt;Licence: AGPL-3.0-or-later. Uses PyMuPDF and Qt.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mengubah bagian PDF yang ditandai (laporan kemiripan, draf yang sudah ditinjau) menjadi tabel yang dapat Anda urutkan, saring, simpan, dan ekspor, agar Anda dapat mengutip dan merujuknya atau menulis ulang sendiri.&lt;/p&gt;&lt;p&gt;Lisensi: AGPL-3.0-or-later. Memakai PyMuPDF dan Qt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>{running} running · {waiting} waiting</source>
        <translation>{running} berjalan · {waiting} menunggu</translation>
    </message>
    <message>
        <source>Idle · {n} job</source>
        <translation>Siaga · {n} pekerjaan</translation>
    </message>
    <message>
        <source>Idle · {n} jobs</source>
        <translation>Siaga · {n} pekerjaan</translation>
    </message>
    <message>
        <source>Jobs are still running</source>
        <translation>Pekerjaan masih berjalan</translation>
    </message>
    <message>
        <source>Running: {running}, waiting: {waiting}. Quit docflags?</source>
        <translation>Berjalan: {running}, menunggu: {waiting}. Keluar dari docflags?</translation>
    </message>
    <message>
        <source>Quitting now stops the running analyses; their files can be retried.</source>
        <translation>Keluar sekarang menghentikan analisis yang berjalan; berkasnya dapat dicoba lagi.</translation>
    </message>
    <message>
        <source>Finish First</source>
        <translation>Selesaikan Dulu</translation>
    </message>
    <message>
        <source>Quit Now</source>
        <translation>Keluar Sekarang</translation>
    </message>
    <message>
        <source>docflags will close when the running and waiting jobs end.</source>
        <translation>docflags akan ditutup setelah pekerjaan yang berjalan dan menunggu berakhir.</translation>
    </message>
</context>
<context>
    <name>ManuscriptPane</name>
    <message>
        <source>Manuscript paragraph</source>
        <translation>Paragraf naskah</translation>
    </message>
    <message>
        <source>This passage is not in the manuscript.</source>
        <translation>Bagian ini tidak ada di naskah.</translation>
    </message>
    <message>
        <source>Reading {name}…</source>
        <translation>Membaca {name}…</translation>
    </message>
    <message>
        <source>{name} cannot be read: {why}</source>
        <translation>{name} tidak dapat dibaca: {why}</translation>
    </message>
</context>
<context>
    <name>MatchController</name>
    <message>
        <source>Manuscripts (*.docx *.odt *.pdf *.txt *.md *.markdown);;All files (*)</source>
        <translation>Naskah (*.docx *.odt *.pdf *.txt *.md *.markdown);;Semua berkas (*)</translation>
    </message>
    <message>
        <source>{report} is analysed first, then matched with {manuscript}.</source>
        <translation>{report} dianalisis dulu, lalu dicocokkan dengan {manuscript}.</translation>
    </message>
    <message>
        <source>Choose a finished analysis first, then match it.</source>
        <translation>Pilih analisis yang sudah selesai dulu, lalu cocokkan.</translation>
    </message>
    <message>
        <source>The match could not start: {why}</source>
        <translation>Pencocokan tidak dapat dimulai: {why}</translation>
    </message>
    <message>
        <source>{name} was not matched: its report could not be analysed.</source>
        <translation>{name} tidak dicocokkan: laporannya tidak dapat dianalisis.</translation>
    </message>
    <message>
        <source>Match with Manuscript</source>
        <translation>Cocokkan dengan Naskah</translation>
    </message>
    <message>
        <source>Which file is the report?</source>
        <translation>Berkas mana yang merupakan laporan?</translation>
    </message>
    <message>
        <source>Two PDFs were dropped. Which one is the report with the flagged passages?</source>
        <translation>Dua PDF diletakkan. Mana yang merupakan laporan dengan bagian yang ditandai?</translation>
    </message>
    <message>
        <source>The other one is matched against it as your manuscript.</source>
        <translation>Berkas lainnya dicocokkan dengannya sebagai naskah Anda.</translation>
    </message>
    <message>
        <source>Analyse Both</source>
        <translation>Analisis Keduanya</translation>
    </message>
</context>
<context>
    <name>PagePreview</name>
    <message>
        <source>Select a flagged passage to see it on its page.</source>
        <translation>Pilih bagian yang ditandai untuk melihatnya di halamannya.</translation>
    </message>
    <message>
        <source>Page preview</source>
        <translation>Pratinjau halaman</translation>
    </message>
    <message>
        <source>+ and - (or Ctrl+wheel, or a double-click) zoom around the passage; 0 fits the width, 9 the whole page</source>
        <translation>+ dan - (atau Ctrl+roda, atau klik ganda) memperbesar di sekitar bagian; 0 menyesuaikan lebar, 9 seluruh halaman</translation>
    </message>
    <message>
        <source>{name} is no longer there, so its page cannot be shown.</source>
        <translation>{name} sudah tidak ada, jadi halamannya tidak dapat ditampilkan.</translation>
    </message>
    <message>
        <source>Rendering page {n}…</source>
        <translation>Menggambar halaman {n}…</translation>
    </message>
    <message>
        <source>Whole page (0 fits the width)</source>
        <translation>Seluruh halaman (0 menyesuaikan lebar)</translation>
    </message>
    <message>
        <source>{zoom} of the width (0 fits the width)</source>
        <translation>{zoom} dari lebar (0 menyesuaikan lebar)</translation>
    </message>
    <message>
        <source>This page could not be shown ({why}).</source>
        <translation>Halaman ini tidak dapat ditampilkan ({why}).</translation>
    </message>
</context>
<context>
    <name>PassageActions</name>
    <message>
        <source>Open the PDF (page {n})</source>
        <translation>Buka PDF (halaman {n})</translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation>Salin Baris yang Dipilih</translation>
    </message>
    <message>
        <source>Show Only Source {n}</source>
        <translation>Tampilkan Hanya Sumber {n}</translation>
    </message>
    <message>
        <source>Show All Passages (Esc)</source>
        <translation>Tampilkan Semua Bagian (Esc)</translation>
    </message>
</context>
<context>
    <name>ReviewController</name>
    <message>
        <source>Re&amp;view</source>
        <translation>&amp;Tinjauan</translation>
    </message>
    <message>
        <source>&amp;Note…</source>
        <translation>&amp;Catatan…</translation>
    </message>
    <message>
        <source>Save &amp;Annotated Manuscript…</source>
        <translation>Simpan Naskah Ber&amp;anotasi…</translation>
    </message>
    <message>
        <source>Select the passages to review first.</source>
        <translation>Pilih dulu bagian yang akan ditinjau.</translation>
    </message>
    <message>
        <source>{n} passage(s): {status}</source>
        <translation>{n} bagian: {status}</translation>
    </message>
    <message>
        <source>Match the report with your manuscript first.</source>
        <translation>Cocokkan dulu laporan dengan naskah Anda.</translation>
    </message>
    <message>
        <source>Match the report with your manuscript first (Ctrl+M), then save its copy.</source>
        <translation>Cocokkan dulu laporan dengan naskah Anda (Ctrl+M), lalu simpan salinannya.</translation>
    </message>
    <message>
        <source>The copy could not be started: {why}</source>
        <translation>Salinan tidak dapat dibuat: {why}</translation>
    </message>
    <message>
        <source>The annotated copy was not written: {why}</source>
        <translation>Salinan beranotasi tidak ditulis: {why}</translation>
    </message>
    <message>
        <source>Saved {name}: {n} passage(s) annotated.</source>
        <translation>{name} disimpan: {n} bagian dianotasi.</translation>
    </message>
    <message>
        <source>Annotated copy saved</source>
        <translation>Salinan beranotasi disimpan</translation>
    </message>
    <message>
        <source>{name} holds {n} annotated passage(s).</source>
        <translation>{name} memuat {n} bagian beranotasi.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>Show in Folder</source>
        <translation>Tampilkan di Folder</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <source>A note on the selected passages:</source>
        <translation>Catatan untuk bagian yang dipilih:</translation>
    </message>
    <message>
        <source>Save Annotated Manuscript</source>
        <translation>Simpan Naskah Beranotasi</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>{done} of {total} reviewed</source>
        <translation>{done} dari {total} ditinjau</translation>
    </message>
    <message>
        <source>{n} need a fix</source>
        <translation>{n} perlu diperbaiki</translation>
    </message>
    <message>
        <source>flagged words after exclusions ≈ {share}% of the manuscript (docflags&apos; estimate)</source>
        <translation>kata bertanda setelah pengecualian ≈ {share}% dari naskah (perkiraan docflags)</translation>
    </message>
    <message>
        <source>Review progress</source>
        <translation>Kemajuan tinjauan</translation>
    </message>
    <message>
        <source>Exclude quotes</source>
        <translation>Kecualikan kutipan</translation>
    </message>
    <message>
        <source>Inside quotation marks: Quoted &amp; cited when a citation follows, else Needs fix</source>
        <translation>Di dalam tanda kutip: Dikutip &amp; disitasi bila diikuti sitasi, selain itu Perlu diperbaiki</translation>
    </message>
    <message>
        <source>Exclude bibliography</source>
        <translation>Kecualikan daftar pustaka</translation>
    </message>
    <message>
        <source>Passages after a References, Bibliography or Daftar Pustaka heading</source>
        <translation>Bagian setelah judul Referensi, Bibliografi, atau Daftar Pustaka</translation>
    </message>
    <message>
        <source>Exclude matches under</source>
        <translation>Kecualikan kecocokan di bawah</translation>
    </message>
    <message>
        <source> words</source>
        <translation> kata</translation>
    </message>
    <message>
        <source>Fewest words a match needs</source>
        <translation>Jumlah kata paling sedikit sebuah kecocokan</translation>
    </message>
    <message>
        <source>Sources to exclude</source>
        <translation>Sumber yang dikecualikan</translation>
    </message>
    <message>
        <source>Tick a source to exclude all its passages</source>
        <translation>Centang sumber untuk mengecualikan semua bagiannya</translation>
    </message>
    <message>
        <source>Exclude sources:</source>
        <translation>Kecualikan sumber:</translation>
    </message>
    <message>
        <source>Apply rules</source>
        <translation>Terapkan aturan</translation>
    </message>
    <message>
        <source>Match the manuscript again with these rules; decisions are kept</source>
        <translation>Cocokkan naskah lagi dengan aturan ini; keputusan tetap disimpan</translation>
    </message>
    <message>
        <source>Match the report with your manuscript (Ctrl+M) to review it.</source>
        <translation>Cocokkan laporan dengan naskah Anda (Ctrl+M) untuk meninjaunya.</translation>
    </message>
    <message>
        <source>Source {n}</source>
        <translation>Sumber {n}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <source>docflags settings</source>
        <translation>Pengaturan docflags</translation>
    </message>
    <message>
        <source>Documents analysed at once (default {n}).</source>
        <translation>Dokumen yang dianalisis sekaligus (bawaan {n}).</translation>
    </message>
    <message>
        <source>After this long a job is asked to stop (default 540 s).</source>
        <translation>Setelah selama ini pekerjaan diminta berhenti (bawaan 540 dtk).</translation>
    </message>
    <message>
        <source>After this long a job is stopped for good (default 600 s).</source>
        <translation>Setelah selama ini pekerjaan dihentikan paksa (bawaan 600 dtk).</translation>
    </message>
    <message>
        <source>Automatic retries for jobs that crashed or ran out of time.</source>
        <translation>Coba ulang otomatis untuk pekerjaan yang berhenti mendadak atau kehabisan waktu.</translation>
    </message>
    <message>
        <source>Memory one document&apos;s analysis may use (default 2048 MB). A page that needs more is reported as too complex instead of slowing the computer down.</source>
        <translation>Memori yang boleh dipakai analisis satu dokumen (bawaan 2048 MB). Halaman yang memerlukan lebih banyak dilaporkan terlalu rumit alih-alih memperlambat komputer.</translation>
    </message>
    <message>
        <source>Read text from scanned pages (OCR)</source>
        <translation>Baca teks dari halaman pindaian (OCR)</translation>
    </message>
    <message>
        <source>eng+ind (those installed)</source>
        <translation>eng+ind (yang terpasang)</translation>
    </message>
    <message>
        <source>OCR languages joined with &apos;+&apos;. Installed: {names}</source>
        <translation>Bahasa OCR digabung dengan &apos;+&apos;. Terpasang: {names}</translation>
    </message>
    <message>
        <source>&amp;Concurrent jobs:</source>
        <translation>Pekerjaan &amp;serentak:</translation>
    </message>
    <message>
        <source>&amp;Ask to stop after:</source>
        <translation>&amp;Minta berhenti setelah:</translation>
    </message>
    <message>
        <source>&amp;Stop for good after:</source>
        <translation>&amp;Hentikan paksa setelah:</translation>
    </message>
    <message>
        <source>&amp;Retries:</source>
        <translation>&amp;Coba ulang:</translation>
    </message>
    <message>
        <source>&amp;Memory per job:</source>
        <translation>Memori &amp;per pekerjaan:</translation>
    </message>
    <message>
        <source>OCR &amp;languages:</source>
        <translation>&amp;Bahasa OCR:</translation>
    </message>
    <message>
        <source>Installed: {names}</source>
        <translation>Terpasang: {names}</translation>
    </message>
    <message>
        <source>The language of the window; takes effect when docflags starts again.</source>
        <translation>Bahasa jendela; berlaku saat docflags dijalankan lagi.</translation>
    </message>
    <message>
        <source>Lan&amp;guage:</source>
        <translation>Ba&amp;hasa:</translation>
    </message>
    <message>
        <source> s</source>
        <translation> dtk</translation>
    </message>
    <message>
        <source>OCR languages are names joined with &apos;+&apos;, for example eng+ind.</source>
        <translation>Bahasa OCR adalah nama yang digabung dengan &apos;+&apos;, misalnya eng+ind.</translation>
    </message>
    <message>
        <source>Stopping for good cannot come before asking to stop.</source>
        <translation>Penghentian paksa tidak boleh lebih awal daripada permintaan berhenti.</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Sources</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Jenis</translation>
    </message>
    <message>
        <source>Match</source>
        <translation>Kecocokan</translation>
    </message>
    <message>
        <source>Show all sources</source>
        <translation>Tampilkan semua sumber</translation>
    </message>
    <message>
        <source>Similarity index &lt;b&gt;{percent}%&lt;/b&gt;</source>
        <translation>Indeks kemiripan &lt;b&gt;{percent}%&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Similarity index not found</source>
        <translation>Indeks kemiripan tidak ditemukan</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>This file is waiting for a free worker.</source>
        <translation>Berkas ini menunggu pekerja yang luang.</translation>
    </message>
    <message>
        <source>This file is being analysed…</source>
        <translation>Berkas ini sedang dianalisis…</translation>
    </message>
    <message>
        <source>{name} was not analysed.

{why}</source>
        <translation>{name} tidak dianalisis.

{why}</translation>
    </message>
    <message>
        <source>{name} was not analysed.

{why}

Retry it with Ctrl+R, or read its log with Ctrl+L.</source>
        <translation>{name} tidak dianalisis.

{why}

Coba lagi dengan Ctrl+R, atau baca lognya dengan Ctrl+L.</translation>
    </message>
    <message>
        <source>&amp;Jobs</source>
        <translation>&amp;Pekerjaan</translation>
    </message>
    <message>
        <source>Flagged &amp;passages</source>
        <translation>&amp;Bagian yang ditandai</translation>
    </message>
    <message>
        <source>Sources and review</source>
        <translation>Sumber dan tinjauan</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>&amp;Sumber</translation>
    </message>
    <message>
        <source>&amp;Review</source>
        <translation>&amp;Tinjauan</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Halaman</translation>
    </message>
    <message>
        <source>Manuscript</source>
        <translation>Naskah</translation>
    </message>
    <message>
        <source>Flagged &amp;passages in {name}</source>
        <translation>&amp;Bagian yang ditandai di {name}</translation>
    </message>
    <message>
        <source>No flagged passages were found in this file.</source>
        <translation>Tidak ada bagian yang ditandai di berkas ini.</translation>
    </message>
    <message>
        <source>Flagged &amp;passages in {name} (from history)</source>
        <translation>&amp;Bagian yang ditandai di {name} (dari riwayat)</translation>
    </message>
</context>
</TS>
