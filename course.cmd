@echo off
rem The course's command on Windows: course LESSON or COMMAND [OPTIONS]   (course --help lists them)
rem Builds target\dl4j-regularization-lessons.jar with "mvn -q package -DskipTests" when the jar or target\lib\ is
rem missing, or when pom.xml or a file under src\main\ is newer than the jar, then runs the jar with the arguments,
rem from the folder you are in, and exits with its exit code. The exercises are compiled by "check" itself, so
rem editing one never rebuilds the jar. The same as the POSIX script "course" beside this file.
setlocal
set "COURSE_ROOT=%~dp0"
set "COURSE_JAR=%COURSE_ROOT%target\dl4j-regularization-lessons.jar"
set "COURSE_WHY=target\dl4j-regularization-lessons.jar is missing"
if not exist "%COURSE_JAR%" goto build
set "COURSE_WHY=target\lib\ is missing"
if not exist "%COURSE_ROOT%target\lib\" goto build
set "COURSE_WHY=the sources changed since the last build"
powershell -NoProfile -ExecutionPolicy Bypass -Command "$j = (Get-Item -LiteralPath $env:COURSE_JAR).LastWriteTimeUtc; $newer = @(Get-Item -LiteralPath (Join-Path $env:COURSE_ROOT 'pom.xml')) + @(Get-ChildItem -LiteralPath (Join-Path $env:COURSE_ROOT 'src\main') -Recurse -File) | Where-Object { $_.LastWriteTimeUtc -gt $j } | Select-Object -First 1; if ($newer) { exit 1 } else { exit 0 }"
if errorlevel 1 goto build
goto run

:build
where mvn >nul 2>nul
if errorlevel 1 goto nomaven
echo course: building the course, %COURSE_WHY% (mvn -q package -DskipTests) 1>&2
pushd "%COURSE_ROOT%"
call mvn -q package -DskipTests 1>&2
set "COURSE_STATUS=%ERRORLEVEL%"
popd
if not "%COURSE_STATUS%"=="0" goto buildfailed

:run
if not defined JAVA_HOME goto pathjava
if not exist "%JAVA_HOME%\bin\java.exe" goto pathjava
"%JAVA_HOME%\bin\java.exe" -jar "%COURSE_JAR%" %*
exit /b %ERRORLEVEL%
:pathjava
java -jar "%COURSE_JAR%" %*
exit /b %ERRORLEVEL%

:nomaven
echo course: %COURSE_WHY%, and building it needs Maven 3.8 or newer (mvn), which is not on the PATH 1>&2
exit /b 1

:buildfailed
echo course: the build failed (exit code %COURSE_STATUS%); the lines above say why 1>&2
exit /b %COURSE_STATUS%
