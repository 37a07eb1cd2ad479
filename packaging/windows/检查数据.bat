@echo off
chcp 65001 >nul
rem 检查 site 文件夹中的数据；第一次运行时新建 site 文件夹。
rem 只用 goto 分支、不用 ( ) 块：解压的文件夹名常带括号（如“creditsite (2)”），
rem 路径中的“)”会提前结束 ( ) 块。pushd 也能进入网络共享文件夹（\\服务器\共享）。
pushd "%~dp0"
if not exist "creditsite.exe" goto notunzipped
if exist "site\config.yaml" goto check
creditsite.exe init site
set "code=%errorlevel%"
echo.
if not "%code%"=="0" goto failed
echo 已新建 site 文件夹。请先用记事本修改 site\config.yaml，
echo 把附件2 放进 site\data\disclosures、附件3 放进 site\data\commitments，再双击本文件检查。
goto end

:check
creditsite.exe check --source site --html 检查报告.html
set "code=%errorlevel%"
echo.
if "%code%"=="0" goto ok
if not "%code%"=="1" goto failed
echo 有的行有错误，没有发布（结束状态 1）。
echo 请按上面每一行的说明改正；检查报告.html 已在浏览器中打开，列出了每一行的内容和改法。
start "" "检查报告.html"
goto end

:ok
echo 检查完毕，没有错误（结束状态 0）。如有“警告”，请核实。
goto end

:failed
echo 没有完成（结束状态 %code%），原因见上面的说明。
goto end

:notunzipped
echo 找不到 creditsite.exe。请先把下载的压缩包“全部解压缩”，再双击解压出的文件夹里的本文件。

:end
popd
echo.
pause
