@echo off
chcp 65001 >nul
rem 由 site 文件夹中的数据生成网站，写入 site\public。
rem 只用 goto 分支、不用 ( ) 块：路径中的“)”会提前结束 ( ) 块。
pushd "%~dp0"
if not exist "creditsite.exe" goto notunzipped
if not exist "site\config.yaml" goto nosite
creditsite.exe build --source site
set "code=%errorlevel%"
echo.
if "%code%"=="0" goto ok
if not "%code%"=="1" goto failed
echo 网站已生成在 site\public 文件夹中，但有的行有错误，没有发布（结束状态 1）。
echo 检查报告 site\public-检查报告.html 已在浏览器中打开，列出了每一行的内容和改法。
start "" "site\public-检查报告.html"
goto end

:ok
echo 网站已生成在 site\public 文件夹中（结束状态 0）。请双击“预览网站.bat”查看。
goto end

:failed
echo 生成失败（结束状态 %code%），原因见上面的说明。
goto end

:nosite
echo 还没有 site 文件夹：请先双击“检查数据.bat”新建。
goto end

:notunzipped
echo 找不到 creditsite.exe。请先把下载的压缩包“全部解压缩”，再双击解压出的文件夹里的本文件。

:end
popd
echo.
pause
